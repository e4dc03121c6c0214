#!/usr/bin/env node
// Finishes a built dist/ once trunk has written its hashed file names:
//
// 1. Content-Security-Policy: writes the sha256 of every inline script in index.html (trunk's module loader) into
//    the `script-src` of the policy's <meta> tag, replacing hashes written before, so the policy allows those
//    scripts and no other inline script.
// 2. Offline copy: writes sw.js from assets/sw.js with the list of every other file in the folder (hidden ones
//    aside) and a version hashed from their contents and the worker's own code, so any change to any file makes
//    a new version.
//
// `trunk serve` is the exception. It adds a reload script whose text it rewrites for each request (the address
// the browser used goes into it), so no hash made here can match it; its index.html is a development build that
// is never deployed, and its policy allows inline scripts instead. Its files also change under the developer at
// every rebuild, so its worker asks the network first, falls back to the stored copy, and stores files without
// checking them against their hashes.
//
// trunk runs it after every build and every `trunk serve` rebuild (a post_build hook in Trunk.toml) on the
// staging folder it names in TRUNK_STAGING_DIR. Run it by hand on a built copy whose files were changed in place,
// so that browsers holding the old copy fetch the new one:
//
//     node scripts/post-build.mjs path/to/dist
//
// Running it twice gives the same files. The functions are exported for other build steps that rewrite
// index.html.

import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('../assets/sw.js', import.meta.url));
const WORKER = 'sw.js';

/** The text of every inline script that runs as JavaScript (not `src=`, not a JSON or other data block). */
export function inlineScripts(html) {
  const scripts = [];
  // Comments may mention tags; they are not part of the document's scripts.
  const markup = html.replace(/<!--[\s\S]*?-->/g, '');
  for (const [, attributes, text] of markup.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = attributes.match(/\stype\s*=\s*["']?([^"'\s>]+)/i)?.[1].toLowerCase();
    if (type === undefined || type === 'module' || type.includes('javascript') || type.includes('ecmascript')) {
      scripts.push(text);
    }
  }
  return scripts;
}

/** A CSP hash source for a script's text, as the browser computes it (the parser reads CR LF as LF). */
export function scriptHash(text) {
  const normalised = text.replace(/\r\n?/g, '\n');
  return `'sha256-${createHash('sha256').update(normalised, 'utf8').digest('base64')}'`;
}

/** Whether `html` carries the reload script `trunk serve` adds, which it rewrites for each request. */
export function isDevelopmentServe(html) {
  return inlineScripts(html).some((text) => text.includes('{{__TRUNK_ADDRESS__}}'));
}

/**
 * `html` with the hashes of its inline scripts as the only hash sources in its CSP's `script-src` (for a page
 * from `trunk serve`, `'unsafe-inline'` instead).
 */
export function withScriptHashes(html) {
  const meta = /(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=")([^"]*)(")/i;
  const found = html.match(meta);
  if (!found) throw new Error('index.html has no <meta http-equiv="Content-Security-Policy" content="…"> to fill in');
  const hashes = isDevelopmentServe(html) ? ["'unsafe-inline'"] : [...new Set(inlineScripts(html).map(scriptHash))];
  let sawScriptSrc = false;
  const directives = found[2].split(';').map((directive) => {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name !== 'script-src') return directive.trim();
    sawScriptSrc = true;
    const kept = sources.filter((source) => !source.startsWith("'sha256-") && source !== "'unsafe-inline'");
    return [name, ...kept, ...hashes].join(' ');
  });
  if (!sawScriptSrc) throw new Error('the Content-Security-Policy in index.html has no script-src to add hashes to');
  return html.replace(meta, (_, start, _content, end) => start + directives.filter(Boolean).join('; ') + end);
}

/**
 * Every file under `dir`, as sorted paths with forward slashes, except the worker itself and hidden names: those
 * are not the site's (trunk's `.stage` folder while it builds, `.htaccess`, `.DS_Store`), and many hosts refuse
 * to serve them, which would fail every install.
 */
export async function siteFiles(dir, prefix = '') {
  const paths = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) paths.push(...(await siteFiles(dir, path)));
    else if (entry.isFile() && path !== WORKER) paths.push(path);
  }
  return prefix ? paths : paths.sort();
}

/**
 * The worker's source for the files of `dir`, with the version they hash to. `networkFirst` is for `trunk serve`,
 * which rewrites index.html for each request: there the worker stores files without checking their hashes.
 */
export async function serviceWorker(dir, template, { networkFirst = false } = {}) {
  const files = [];
  const version = createHash('sha256').update(template);
  for (const path of await siteFiles(dir)) {
    const bytes = await readFile(join(dir, path));
    const digest = createHash('sha256').update(bytes);
    version.update(`\0${path}\0${digest.copy().digest('hex')}`);
    // `#`, `?` and `%` would be read as part of an address rather than the name; everything else is written
    // as the browser writes it when it resolves the same relative address.
    const integrity = networkFirst ? '' : `sha256-${digest.digest('base64')}`;
    files.push([path.replace(/[%#?]/g, encodeURIComponent), integrity]);
  }
  const hex = version.digest('hex').slice(0, 20);
  const prelude = [
    '// Written by scripts/post-build.mjs from assets/sw.js; do not edit.',
    `const VERSION = ${JSON.stringify(hex)};`,
    `const NETWORK_FIRST = ${networkFirst};`,
    `const FILES = [\n${files.map((entry) => `  ${JSON.stringify(entry)},`).join('\n')}\n];`,
    '',
  ].join('\n');
  return { version: hex, files: files.length, source: `${prelude}\n${template}` };
}

/** Both steps on the folder `dir`; returns what was written. */
export async function finish(dir) {
  const indexPath = join(dir, 'index.html');
  const html = await readFile(indexPath, 'utf8');
  const updated = withScriptHashes(html);
  if (updated !== html) await writeFile(indexPath, updated);
  const networkFirst = isDevelopmentServe(updated);
  const worker = await serviceWorker(dir, await readFile(TEMPLATE, 'utf8'), { networkFirst });
  await writeFile(join(dir, WORKER), worker.source);
  return { scripts: inlineScripts(updated).length, networkFirst, files: worker.files, version: worker.version };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  if (!dir) {
    console.error('usage: node scripts/post-build.mjs DIST_DIR (trunk passes TRUNK_STAGING_DIR instead)');
    process.exit(2);
  }
  try {
    const { scripts, networkFirst, files, version } = await finish(resolve(dir));
    const csp = networkFirst ? 'inline scripts allowed (trunk serve)' : `${scripts} inline script(s) hashed`;
    console.log(`post-build: CSP: ${csp}; sw.js ${version} stores ${files} files`);
  } catch (error) {
    console.error(`post-build: ${error.message}`);
    process.exit(1);
  }
}
