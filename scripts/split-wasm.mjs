#!/usr/bin/env node
// Splits the app's WebAssembly into a small main module and chunks loaded on demand, after trunk has built it.
//
// Why: the landing page needs the app shell only, while the engine, the course reader and the pages are most of
// the code. The pages are Leptos `#[lazy]` functions (src/lazy.rs), which compile to split points. wasm-split-cli
// (crate wasm_split_cli_support, installed by scripts/setup.sh) cuts the linked module at those points: the main
// module keeps what the landing page uses, every page gets its own module, and code that several pages share goes
// to shared chunks, all fetched by a small link module (`__wasm_split.js`) the first time a page is opened.
//
// How: trunk runs this as a post_build hook (Trunk.toml), before scripts/post-build.mjs lists the files for the
// service worker. trunk has already linked the module, run wasm-bindgen on it and written
// `dockerlab-app-<hash>.js` and `dockerlab-app-<hash>_bg.wasm`; its inline loader imports those two names. This
// script takes cargo's linked module (built with `--emit-relocs`, .cargo/config.toml), splits it, runs
// wasm-bindgen (with `--keep-lld-exports`: the chunks import the function table) on the main module under the
// same names, and optimises every module with wasm-opt in release builds. The chunks and the link module get a
// hash of their content in their names, so a browser never mixes two releases.
//
//   TRUNK_STAGING_DIR=dist TRUNK_PROFILE=release node scripts/split-wasm.mjs   (what trunk runs)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const staging = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!staging) throw new Error('usage: TRUNK_STAGING_DIR=<dir> node scripts/split-wasm.mjs');
const profile = process.env.TRUNK_PROFILE === 'debug' ? 'debug' : 'release';
// A release build uses the cargo profile index.html names (`data-cargo-profile-release`).
const profileDir = profile === 'debug' ? 'debug' : 'wasm-release';
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const linked = join(targetDir, 'wasm32-unknown-unknown', profileDir, 'dockerlab-app.wasm');
// wasm-opt's features must match what rustc emits for wasm32-unknown-unknown (trunk passes the same set).
const WASM_OPT_FEATURES = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals',
  '--enable-reference-types', '--enable-multivalue',
];

const run = (command, args) => {
  try {
    execFileSync(command, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    process.stderr.write(error.stderr ?? '');
    throw error;
  }
};
const shortHash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const glue = readdirSync(staging).find((name) => /^dockerlab-app-[0-9a-f]+\.js$/.test(name));
if (!glue) throw new Error(`no dockerlab-app-<hash>.js in ${staging}: did trunk build the app?`);
const stem = glue.slice(0, -'.js'.length);
if (!existsSync(linked)) throw new Error(`${linked} is missing: cargo's linked module is needed to split it`);

const work = mkdtempSync(join(tmpdir(), 'dockerlab-split-'));
try {
  const split = join(work, 'split');
  const bound = join(work, 'bound');
  // The link module imports `initSync` from "./<stem>.js", the glue trunk's loader already imports.
  run('wasm-split-cli', [linked, split, '--out-name', stem]);
  run('wasm-bindgen', [
    '--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', bound, '--out-name', stem,
    join(split, `${stem}.wasm`),
  ]);

  const optimise = (from, to) => {
    if (profile === 'release') run('wasm-opt', ['-Oz', ...WASM_OPT_FEATURES, '--strip-debug', '-o', to, from]);
    else copyFileSync(from, to);
  };

  // Chunks and page modules, renamed with a hash of their optimised content.
  let link = readFileSync(join(split, '__wasm_split.js'), 'utf8');
  const modules = readdirSync(split).filter((name) => name.endsWith('.wasm') && name !== `${stem}.wasm`);
  for (const name of modules) {
    const optimised = join(work, name);
    optimise(join(split, name), optimised);
    const hashed = `${name.slice(0, -'.wasm'.length)}-${shortHash(readFileSync(optimised))}.wasm`;
    copyFileSync(optimised, join(staging, hashed));
    const reference = `"./${name}"`;
    if (!link.includes(reference)) throw new Error(`__wasm_split.js does not load ${name}`);
    link = link.replaceAll(reference, `"./${hashed}"`);
  }
  const linkName = `__wasm_split-${shortHash(link)}.js`;
  writeFileSync(join(staging, linkName), link);

  // The main module and its glue replace trunk's, under trunk's names. The glue's import statements load the
  // hashed link module; the keys of the import object keep the module name the wasm itself asks for.
  let mainGlue = readFileSync(join(bound, `${stem}.js`), 'utf8');
  const linkImport = /^(import \* as \w+ from )"\.\/__wasm_split\.js"/gm;
  if (!linkImport.test(mainGlue)) throw new Error('the glue does not import __wasm_split.js');
  mainGlue = mainGlue.replace(linkImport, `$1"./${linkName}"`);
  writeFileSync(join(staging, glue), mainGlue);
  optimise(join(bound, `${stem}_bg.wasm`), join(staging, `${stem}_bg.wasm`));

  const size = (name) => readFileSync(join(staging, name)).length;
  const total = modules.length;
  console.log(`split-wasm: main module ${(size(`${stem}_bg.wasm`) / 1024).toFixed(1)} KiB, ${total} modules on demand`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
