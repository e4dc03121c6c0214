// Builds the whole app into one HTML file that works when opened straight from disk (file://): for upload to a
// course platform or sending by e-mail. It reads a release dist/ (scripts/build.sh) and writes
// dist-single/dockerlab.html, with everything the page would otherwise load inlined:
//
// - the wasm, gzip-compressed and base64-encoded in a data element; the page inflates it with the browser's own
//   DecompressionStream and compiles it while it streams (gzip and base64 came out smallest of the encodings a
//   browser decodes natively: see README.md for the sizes); the other data elements are stored the same way;
// - the wasm-bindgen glue, gzipped in base64 too, imported from a Blob URL, because a module cannot import
//   inline text;
// - in a split build (scripts/split-wasm.mjs), the link module and every module it loads on demand, one data
//   element each, so a module is inflated only when a page first needs it (see `rewriteLink`);
// - trunk's loader, rewritten to take the glue and the wasm from the page instead of from files beside it;
// - the stylesheet as a <style> element and the favicon as a data: URL;
// - every file under lessons/, quizzes/ and data/ as one JSON object from path to text, gzipped in base64 too;
//   the loader inflates it into <script type="application/json" id="dockerlab-files"> before the app starts,
//   and `fetch_text` in src/content.rs reads that instead of fetching.
//
// Links that make no sense in a lone file (the web app manifest, preloads) and any script that registers a
// service worker are dropped. A Content-Security-Policy meta tag is kept, with script-src rewritten to the
// hashes of the inline scripts, blob: for the glue and the link module, and 'wasm-unsafe-eval', and style-src
// and img-src widened only as far as the inlined stylesheet and data: URLs need. Nothing is fetched, so
// connect-src stays as it was.
//
// Usage: node scripts/single-file.mjs [DIST] [--out FILE]

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

/** The element the app reads its files from (src/content.rs uses the same id), written by the loader. */
const FILES_ID = 'dockerlab-files';
/**
 * The data elements in the file, each gzipped in base64: the files map, the glue, the main wasm and, in a split
 * build, the link module and one element per module it loads (`dockerlab-wasm:` and the module's file name).
 */
const FILES_GZIP_ID = 'dockerlab-files-gzip';
const GLUE_ID = 'dockerlab-glue';
const WASM_ID = 'dockerlab-wasm';
const LINK_ID = 'dockerlab-link';
const MODULE_ID_PREFIX = 'dockerlab-wasm:';

/**
 * The folders of dist/ the app reads at run time with `fetch_text`: the course, and the engine's size tables in
 * builds that fetch them rather than carry them in the wasm. The course folders must be there.
 */
const CONTENT_FOLDERS = ['lessons', 'quizzes', 'data'];
const REQUIRED_FOLDERS = ['lessons', 'quizzes'];

const DATA_URL_TYPES = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/** Link relations whose target a lone file cannot use, dropped without a word. */
const DROPPED_RELS = new Set(['manifest', 'modulepreload', 'preload', 'prefetch', 'apple-touch-icon', 'mask-icon']);

/** Stand-ins for what is written last: the policy needs the hashes of everything inlined after it. */
const POLICY_MARK = '\u0000policy\u0000';
const LOADER_MARK = '\u0000loader\u0000';
/** Stands for a dropped tag until the end, when the line it stood on goes too. */
const DROPPED = '\u0000dropped\u0000';

/** trunk's inline loader: `import init, * as bindings from './x.js'` and `init({ module_or_path: './x_bg.wasm' })`. */
const TRUNK_IMPORT = /import\s+init\s*,\s*\*\s*as\s+bindings\s+from\s*(['"])\.\/([^'"]+\.js)\1\s*;?/;
const TRUNK_WASM = /module_or_path\s*:\s*(['"])\.\/([^'"]+\.wasm)\1/;

/**
 * What scripts/split-wasm.mjs leaves (wasm-split-cli's link module): the glue's `import * as importN from
 * "./__wasm_split-<hash>.js"` lines, the link module's `import { initSync } from "./<glue>.js"`, and one
 * `fetch(new URL("./<module>.wasm", import.meta.url))` per module it loads on demand.
 */
const GLUE_LINK_IMPORT = /^(import\s*\*\s*as\s+\w+\s+from\s*)(['"])\.\/(__wasm_split[\w.-]*\.js)\2/gm;
const LINK_GLUE_IMPORT = /^import\s*\{\s*initSync\s*\}\s*from\s*(['"])\.\/([^'"]+\.js)\1\s*;?[ \t]*$/m;
const LINK_FETCH = /fetch\(\s*new\s+URL\(\s*(['"])\.\/([^'"]+\.wasm)\1\s*,\s*import\.meta\.url\s*\)\s*\)/g;
/** The glue's specifier for the link module until the page knows the link module's Blob URL. */
const LINK_PLACEHOLDER = '"dockerlab:link-module"';
/** The link module's export through which the page hands it the glue's `initSync` and the inlined modules. */
const LINK_CONNECT = '__dockerlab_connect';

/**
 * Writes the single file for the release build in `dist` to `out` and returns its sizes and what was left out.
 */
export function buildSingleFile({ dist, out }) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const notes = [];
  const inline = { scripts: [], styles: [], dataUrls: new Set() };
  let policy = null;
  let loader = null;

  // trunk's index.html is generated and regular, so a scan over its tags is enough; comments are skipped whole
  // and a script's text is never searched for tags.
  const TAG = /<!--[\s\S]*?-->|<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>|<(link|meta)\b([^>]*?)\/?>/gi;
  let page = html.replace(TAG, (tag, rawName, rawAttributes, text, voidName, voidAttributes) => {
    if (tag.startsWith('<!--')) return tag;
    const name = (rawName ?? voidName).toLowerCase();
    const attributes = parseAttributes(rawAttributes ?? voidAttributes);
    if (name === 'meta') {
      if (attributes['http-equiv']?.toLowerCase() !== 'content-security-policy') return tag;
      if (policy !== null) throw new Error('index.html holds two Content-Security-Policy tags');
      policy = attributes.content ?? '';
      return POLICY_MARK;
    }
    if (name === 'style') {
      inline.styles.push(text);
      return tag;
    }
    if (name === 'link') return inlineLink(dist, attributes, inline, notes);
    const type = (attributes.type ?? '').toLowerCase();
    if (!['', 'module', 'text/javascript', 'application/javascript'].includes(type)) return tag;
    const source = attributes.src === undefined ? text : readFileSync(localFile(dist, attributes.src), 'utf8');
    if (/\bserviceWorker\b/.test(source)) {
      notes.push('dropped the service worker registration: a page opened from disk cannot have one');
      return DROPPED;
    }
    if (type === 'module' && TRUNK_IMPORT.test(source)) {
      if (loader) throw new Error('index.html holds two trunk loaders');
      loader = source;
      return LOADER_MARK;
    }
    const guarded = guardScript(source);
    inline.scripts.push(guarded);
    return `<script${type ? ` type="${type}"` : ''}>${guarded}</script>`;
  });
  page = page.replace(new RegExp(`^[ \\t]*${DROPPED}[ \\t]*\\n`, 'gm'), '').replaceAll(DROPPED, '');
  if (!loader) throw new Error(`no trunk loader (import init, * as bindings from './…js') in ${dist}/index.html`);

  const { glue, wasm, link, script } = rewriteLoader(dist, loader);
  inline.scripts.push(script);
  const filesJson = Buffer.from(JSON.stringify(readContent(dist, notes)), 'utf8');
  const gzipped = { files: gzip(filesJson), glue: gzip(Buffer.from(glue, 'utf8')), wasm: gzip(wasm) };
  const modules = (link?.modules ?? []).map(({ name, bytes }) => ({ name, bytes, gzipped: gzip(bytes) }));
  const data = [
    dataElement(FILES_GZIP_ID, gzipped.files),
    dataElement(GLUE_ID, gzipped.glue),
    dataElement(WASM_ID, gzipped.wasm),
    ...(link ? [dataElement(LINK_ID, gzip(Buffer.from(link.source, 'utf8')))] : []),
    ...modules.map(({ name, gzipped }) => dataElement(MODULE_ID_PREFIX + name, gzipped)),
  ].join('\n');
  // The data goes before the loader, so every element the loader and the app look up exists when it runs.
  page = page.replace(LOADER_MARK, () => `${data}\n<script type="module">${script}</script>`);
  if (policy !== null) {
    const content = escapeAttribute(adjustPolicy(policy, inline));
    page = page.replace(POLICY_MARK, () => `<meta http-equiv="Content-Security-Policy" content="${content}">`);
  }

  mkdirSync(dirname(out), { recursive: true });
  const bytes = Buffer.from(page, 'utf8');
  writeFileSync(out, bytes);
  const sizes = {
    wasm: wasm.length,
    wasmGzip: gzipped.wasm.length,
    modules: modules.length,
    modulesRaw: modules.reduce((sum, module) => sum + module.bytes.length, 0),
    modulesGzip: modules.reduce((sum, module) => sum + module.gzipped.length, 0),
    files: filesJson.length,
    filesGzip: gzipped.files.length,
  };
  return { out, notes, ...sizes, ...measure(bytes) };
}

/**
 * Turns trunk's loader into one that takes everything from the page: it first inflates the files map into the
 * element the app reads, then imports the glue from a Blob URL and hands `init` the inflating wasm as a Response,
 * so `instantiateStreaming` compiles it while it is being decompressed. Everything else trunk writes there (the
 * bindings on window, the start event) stays as it is. In a split build the link module is imported first, from
 * a Blob URL of its own that the glue then imports by (see `rewriteLink` for why in that order).
 */
function rewriteLoader(dist, loader) {
  const glueName = loader.match(TRUNK_IMPORT)[2];
  const wasmMatch = loader.match(TRUNK_WASM);
  if (!wasmMatch) throw new Error(`trunk's loader names no wasm file (module_or_path: './…wasm'):\n${loader}`);
  let glue = readFileSync(localFile(dist, glueName), 'utf8');

  const linkNames = new Set([...glue.matchAll(GLUE_LINK_IMPORT)].map((match) => match[3]));
  if (linkNames.size > 1) {
    throw new Error(`${glueName} imports ${[...linkNames].join(' and ')}: a split build has one link module`);
  }
  let link = null;
  if (linkNames.size === 1) {
    if (glue.includes(LINK_PLACEHOLDER)) throw new Error(`${glueName} already holds ${LINK_PLACEHOLDER}`);
    const [linkName] = linkNames;
    link = rewriteLink(dist, linkName, glueName);
    glue = glue.replace(GLUE_LINK_IMPORT, (_whole, statement) => statement + LINK_PLACEHOLDER);
  } else if (/__wasm_split/.test(glue)) {
    throw new Error(
      `${glueName} mentions __wasm_split but imports no ./__wasm_split-<hash>.js the way scripts/split-wasm.mjs ` +
        'writes it (import * as importN from "./__wasm_split-<hash>.js"); update scripts/single-file.mjs to match',
    );
  }
  const otherImport = glue
    .split('\n')
    .find((line) => /^\s*import\s*(?:[\w*{]|['"])/.test(line) && !line.includes(LINK_PLACEHOLDER));
  if (otherImport) {
    throw new Error(
      `${glueName} imports other files (wasm-bindgen snippets), which the single file cannot carry yet: ${otherImport}`,
    );
  }

  const script = `
const inlined = (id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(\`the page holds no #\${id}: the file may have been cut short\`);
  return element.textContent;
};
function bytesFromBase64(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
function inflated(id, type) {
  const gzipped = new Blob([bytesFromBase64(inlined(id))]);
  const stream = gzipped.stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream, { headers: { 'content-type': type } });
}
const moduleUrl = (text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
const files = document.createElement('script');
files.type = 'application/json';
files.id = '${FILES_ID}';
files.textContent = await inflated('${FILES_GZIP_ID}', 'application/json').text();
document.head.append(files);
${link ? splitImports() : wholeImports()}
const init = bindings.default;`;
  const body = loader
    .replace(TRUNK_IMPORT, '')
    .replace(TRUNK_WASM, `module_or_path: inflated('${WASM_ID}', 'application/wasm')`)
    .replace(/^\s*\n/, '');
  return { glue, wasm: readFileSync(localFile(dist, wasmMatch[2])), link, script: `${script}\n${body}` };
}

/** The loader's imports for a build in one module: the glue alone. */
const wholeImports = () => `const glueUrl = moduleUrl(await inflated('${GLUE_ID}', 'text/javascript').text());
const bindings = await import(glueUrl);
URL.revokeObjectURL(glueUrl);`;

/**
 * The loader's imports for a split build. Importing the link module's Blob URL first and then the glue, whose
 * import names the same URL, gives both one instance of the link module (the module map is keyed by URL). Only
 * then can the link module be handed `initSync` and the inlined modules; it calls neither before a page loads.
 */
const splitImports = () => `const linkUrl = moduleUrl(await inflated('${LINK_ID}', 'text/javascript').text());
const link = await import(linkUrl);
const glueText = await inflated('${GLUE_ID}', 'text/javascript').text();
const glueUrl = moduleUrl(glueText.replaceAll('${LINK_PLACEHOLDER}', JSON.stringify(linkUrl)));
const bindings = await import(glueUrl);
link.${LINK_CONNECT}(bindings.initSync, (name) => inflated(\`${MODULE_ID_PREFIX}\${name}\`, 'application/wasm'));
URL.revokeObjectURL(glueUrl);
URL.revokeObjectURL(linkUrl);`;

/**
 * The link module of a split build, rewritten to work from a Blob URL, with the wasm modules it loads.
 *
 * The glue and the link module import each other, and a cycle cannot be written with Blob URLs: each URL exists
 * only once its module's text is final, and each text would have to hold the other's URL. wasm-split-cli's link
 * module only calls `initSync` when a page loads, long after both modules ran, so the cycle is cut on its side:
 * its import of the glue becomes a binding the page fills through an added export (`LINK_CONNECT`), while the
 * glue keeps a real import of the link module, whose namespace the main wasm takes its imports from. Each
 * `fetch(new URL("./x.wasm", import.meta.url))` becomes a Response inflated from the module's own data element
 * on demand, so opening the file decompresses only the main module.
 */
function rewriteLink(dist, linkName, glueName) {
  const file = localFile(dist, linkName);
  if (!existsSync(file)) throw new Error(`${glueName} imports ./${linkName}, which is not in ${dist}`);
  let source = readFileSync(file, 'utf8');
  const layout = 'update scripts/single-file.mjs to match scripts/split-wasm.mjs';

  const glueImport = source.match(LINK_GLUE_IMPORT);
  if (!glueImport) {
    throw new Error(`${linkName} does not import initSync from the glue (import { initSync } from "./…js"); ` + layout);
  }
  if (glueImport[2] !== glueName) {
    throw new Error(`${linkName} imports initSync from ./${glueImport[2]}, not from the app's ${glueName}`);
  }
  if (new RegExp(`\\b${LINK_CONNECT}\\b`).test(source)) throw new Error(`${linkName} already names ${LINK_CONNECT}`);
  source = source.replace(
    LINK_GLUE_IMPORT,
    () => `let initSync = () => {
    throw new Error('the split app loaded a module before the single file connected its link module');
};
let inlinedWasm = initSync;
export function ${LINK_CONNECT}(glueInitSync, wasmByName) {
    initSync = glueInitSync;
    inlinedWasm = wasmByName;
}`,
  );

  const modules = [];
  source = source.replace(LINK_FETCH, (_whole, _quote, name) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`${linkName} loads ${name}, which is not a file beside it`);
    const path = localFile(dist, name);
    if (!existsSync(path)) throw new Error(`${linkName} loads ./${name}, which is not in ${dist}`);
    if (!modules.some((module) => module.name === name)) modules.push({ name, bytes: readFileSync(path) });
    return `inlinedWasm(${JSON.stringify(name)})`;
  });
  if (modules.length === 0) {
    throw new Error(`${linkName} loads no module by fetch(new URL("./….wasm", import.meta.url)); ${layout}`);
  }
  for (const [pattern, what] of [
    [/\bimport\.meta\b/, 'import.meta'],
    [/\bfetch\s*\(/, 'a fetch'],
    [/^\s*import\b/m, 'an import'],
    [/^\s*export\s+\*|^\s*export\s*\{[^}]*\}\s*from\b/m, 'a re-export'],
  ]) {
    if (pattern.test(source)) {
      throw new Error(`${linkName} still holds ${what} after the rewrite, which a Blob URL cannot resolve; ${layout}`);
    }
  }
  return { source, modules };
}

/** A stylesheet becomes a <style>, an icon a data: URL; links to what a lone file cannot use are dropped. */
function inlineLink(dist, attributes, inline, notes) {
  const rels = (attributes.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const href = attributes.href;
  if (rels.includes('stylesheet') && href !== undefined) {
    const file = localFile(dist, href);
    const css = inlineCssUrls(readFileSync(file, 'utf8'), dirname(file), dist, inline);
    if (/<\/style/i.test(css)) throw new Error(`${href} holds "</style", which would end its element early`);
    inline.styles.push(css);
    const media = attributes.media ? ` media="${escapeAttribute(attributes.media)}"` : '';
    return `<style${media}>${css}</style>`;
  }
  if (rels.includes('icon') && href !== undefined) {
    inline.dataUrls.add('img-src');
    const kept = Object.entries(attributes)
      .filter(([key]) => ['rel', 'type', 'sizes'].includes(key))
      .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
      .join('');
    return `<link${kept} href="${dataUrl(localFile(dist, href))}">`;
  }
  if (!rels.some((rel) => DROPPED_RELS.has(rel))) notes.push(`dropped <link rel="${attributes.rel}" href="${href}">`);
  return DROPPED;
}

/** Relative `url(…)` references in a stylesheet (images, fonts) become data: URLs. */
function inlineCssUrls(css, base, dist, inline) {
  if (/@import\b/.test(css)) throw new Error('the stylesheet uses @import, which the single file cannot follow');
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, _quote, address) => {
    if (/^(data:|#|[a-z][a-z0-9+.-]*:)/i.test(address)) return whole;
    inline.dataUrls.add('img-src').add('font-src');
    return `url("${dataUrl(localFile(base, address, dist))}")`;
  });
}

/** Every file under the content folders as `path -> text`, with the path as the app asks for it. */
function readContent(dist, notes) {
  const files = {};
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const folder of CONTENT_FOLDERS) {
    if (!REQUIRED_FOLDERS.includes(folder) && !existsSync(join(dist, folder))) continue;
    for (const file of walk(join(dist, folder))) {
      const path = relative(dist, file).split(sep).join(posix.sep);
      try {
        files[path] = decoder.decode(readFileSync(file));
      } catch {
        notes.push(`left out ${path}: not text, and the single file carries only text files`);
      }
    }
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

/**
 * The page's policy with the inline scripts, the inlined stylesheet and the data: URLs allowed. Scripts are
 * allowed by hash only: the file has no neighbours to load, so 'self' and any other source are taken out.
 */
function adjustPolicy(policy, inline) {
  const directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  const governing = (name) => directives.get(name) ?? directives.get('default-src');

  if (governing('script-src')) {
    const scripts = [...inline.scripts.map(sourceHash), 'blob:', "'wasm-unsafe-eval'"];
    directives.set('script-src', scripts);
    if (directives.has('script-src-elem')) directives.set('script-src-elem', scripts);
  }
  for (const name of ['style-src', 'style-src-elem']) {
    const sources = name === 'style-src' ? governing(name) : directives.get(name);
    if (!sources) continue;
    const allowsInline = sources.includes("'unsafe-inline'") && !sources.some((s) => /^'(sha|nonce)/.test(s));
    if (!allowsInline) directives.set(name, adding(sources, inline.styles.map(sourceHash)));
  }
  for (const name of inline.dataUrls) {
    const sources = governing(name);
    if (sources && !sources.includes('data:')) directives.set(name, adding(sources, ['data:']));
  }
  return [...directives].map(([name, sources]) => [name, ...sources].join(' ')).join('; ');
}

/** A CSP hash source for an inline script's or style's text, as the browser computes it (CR LF read as LF). */
const sourceHash = (text) =>
  `'sha256-${createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}'`;
/** `sources` with `added` too; 'none' goes, since it only means something alone. */
const adding = (sources, added) => [...new Set([...sources.filter((source) => source !== "'none'"), ...added])];

const gzip = (bytes) => gzipSync(bytes, { level: 9 });

/** A data element the loader reads with `textContent`: gzipped bytes in base64, which holds no `<` to end it. */
const dataElement = (id, gzipped) =>
  `<script type="application/gzip" id="${id}">${gzipped.toString('base64')}</script>`;

/** Keeps a script's text from closing its element early; inside JavaScript strings `<\/` still reads `</`. */
function guardScript(text) {
  if (/<!--/.test(text)) throw new Error('an inline script holds "<!--", which would change how the page parses');
  return text.replace(/<\/script/gi, '<\\/script');
}

function dataUrl(file) {
  const type = DATA_URL_TYPES[extname(file).toLowerCase()];
  if (!type) throw new Error(`no data: URL type known for ${file}`);
  return `data:${type};base64,${readFileSync(file).toString('base64')}`;
}

/** A file the page links to by a relative address, which must stay inside `inside`. */
function localFile(base, address, inside = base) {
  if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(address)) throw new Error(`${address} is not a file beside the page`);
  const file = resolve(base, decodeURIComponent(address.replace(/[?#].*$/, '')));
  if (!file.startsWith(resolve(inside) + sep)) throw new Error(`${address} lies outside ${inside}`);
  return file;
}

function parseAttributes(text) {
  const attributes = {};
  const ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const [, name, double, single, bare] of text.matchAll(ATTRIBUTE)) {
    attributes[name.toLowerCase()] = decodeEntities(double ?? single ?? bare ?? '');
  }
  return attributes;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (text) =>
  text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity) => {
    if (entity[0] !== '#') return ENTITIES[entity.toLowerCase()] ?? whole;
    const hex = entity[1] === 'x' || entity[1] === 'X';
    return String.fromCodePoint(hex ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });
const escapeAttribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

function main(argv) {
  let dist = join(root, 'dist');
  let out = join(root, 'dist-single', 'dockerlab.html');
  const usage = 'usage: node scripts/single-file.mjs [DIST] [--out FILE]  (dist/ to dist-single/dockerlab.html)';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) {
      out = argv[++i];
    } else if (argv[i] === '-h' || argv[i] === '--help') {
      console.log(usage);
      process.exit(0);
    } else if (argv[i].startsWith('-')) {
      console.error(usage);
      process.exit(2);
    } else {
      dist = argv[i];
    }
  }
  dist = resolve(dist);
  try {
    statSync(join(dist, 'index.html'));
  } catch {
    console.error(`${dist}/index.html is missing: build the app first (scripts/build.sh)`);
    process.exit(1);
  }
  const result = buildSingleFile({ dist, out: resolve(out) });
  const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
  for (const note of result.notes) console.log(note);
  const shown = relative(process.cwd(), result.out);
  console.log(`wrote ${shown.startsWith('..') ? result.out : shown}`);
  console.log(`  ${kib(result.raw)} raw, ${kib(result.gzip)} gzip -9, ${kib(result.brotli)} brotli 11`);
  const wasm = result.modules > 0 ? 'the main wasm module' : 'the wasm';
  console.log(`  ${wasm}: ${kib(result.wasm)}, inlined as ${kib(result.wasmGzip)} of gzip in base64`);
  if (result.modules > 0) {
    console.log(
      `  ${result.modules} modules loaded on demand: ${kib(result.modulesRaw)}, ` +
        `inlined as ${kib(result.modulesGzip)} of gzip in base64`,
    );
  }
  console.log(`  the files: ${kib(result.files)} of JSON, inlined as ${kib(result.filesGzip)} of gzip in base64`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
