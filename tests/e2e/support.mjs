// Helpers shared by the end-to-end tests: a static server for dist/ on loopback, and a headless Chromium
// (the system's own, driven by playwright-core) that records console errors and every request a page makes.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const dist = resolve(process.env.DOCKERLAB_DIST ?? join(root, 'dist'));
export const outputDir = join(root, 'tests', 'e2e', 'output');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `dist/` on 127.0.0.1 under `prefix` (which starts and ends with '/'). `block` is a predicate on the
 * path inside dist/; matching files answer 404, so a test can prove what happens when one fails to load.
 */
export async function serveDist({ prefix = '/', block = () => false } = {}) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: build the app first (scripts/build.sh)`);
  }
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end('outside the served prefix');
      return;
    }
    path = path.slice(prefix.length);
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist + sep) || block(path)) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: origin + prefix, close: () => new Promise((ok) => server.close(ok)) };
}

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('no Chromium found: run scripts/setup.sh browser, or set CHROMIUM to its path');
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: findChromium(),
    // No background traffic of the browser's own, so every request seen is the page's. Playwright gives
    // each launch a fresh, empty profile of its own.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a new page that records what the tests check: console errors, uncaught exceptions, and the URL of
 * every request, including those that failed.
 */
export async function openPage(browser, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const record = { consoleErrors: [], pageErrors: [], requests: [], failedRequests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') record.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => record.pageErrors.push(String(err)));
  page.on('request', (req) => record.requests.push(req.url()));
  page.on('requestfailed', (req) => record.failedRequests.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) record.failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });
  return { page, context, record };
}

/** The requests that left the page's own origin (data: and blob: URLs never touch the network). */
export function foreignRequests(record, origin) {
  return record.requests.filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
}

/** Waits until the app has mounted: its loading note is gone and the main landmark exists. */
export async function waitForApp(page, timeout = 15000) {
  await page.locator('main#main').waitFor({ state: 'attached', timeout });
  await page.locator('#boot').waitFor({ state: 'detached', timeout });
}

export function screenshotPath(name) {
  mkdirSync(outputDir, { recursive: true });
  return join(outputDir, name);
}

/** Serves dist/ (see `serveDist` for the options) for the length of `body`, then closes the server. */
export async function withServer(options, body) {
  const server = await serveDist(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}
