// Prints the size of every wasm, js and css file in dist/ (and the total), raw, gzip and brotli, each at its
// strongest setting, as a static host that precompresses would serve them. Run scripts/size-report.sh to
// build the release dist/ first.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(root, 'dist'));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const measure = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length,
});

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
const rows = [];
for (const path of files(dist)) {
  if (['.wasm', '.js', '.css'].includes(extname(path))) {
    rows.push({ name: path.slice(dist.length + 1), ...measure(readFileSync(path)) });
  }
}
rows.sort((a, b) => b.raw - a.raw);
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});

const width = Math.max(5, ...rows.map((r) => r.name.length));
console.log(`${'file'.padEnd(width)} ${'raw'.padStart(11)} ${'gzip -9'.padStart(11)} ${'brotli 11'.padStart(11)}`);
for (const r of rows) console.log(`${r.name.padEnd(width)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`);
console.log(`${'total'.padEnd(width)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);

// The split build (scripts/split-wasm.mjs) fetches its chunk and page modules only when a page first needs them.
const onDemand = (name) => /^(chunk_|split_)[^/]*\.wasm$/.test(name);
const sum = (list) => list.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});
const later = rows.filter((r) => onDemand(r.name));
if (later.length > 0) {
  const first = sum(rows.filter((r) => !onDemand(r.name)));
  const rest = sum(later);
  console.log(`${'first load (all but on-demand modules)'.padEnd(width)} ${kb(first.raw)} ${kb(first.gzip)} ${kb(first.brotli)}`);
  console.log(`${`${later.length} modules on demand`.padEnd(width)} ${kb(rest.raw)} ${kb(rest.gzip)} ${kb(rest.brotli)}`);
}
