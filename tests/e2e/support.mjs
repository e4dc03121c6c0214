// Helpers shared by the end-to-end tests: a static server for dist/ on loopback, and a headless Chromium
// (the system's own, driven by playwright-core) that records console errors, Content-Security-Policy violations
// and every request a page or its service worker makes.

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

/** Content types by file extension, for the servers of the tests and of scripts/perf-budget.mjs. */
export const MIME = {
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
 * Serves `dist/` (or the folder `dir`) on 127.0.0.1 under `prefix` (which starts and ends with '/'). `block` is a
 * predicate on the path inside the folder; matching files answer 404, so a test can prove what happens when one
 * fails to load. `serveFrom(dir)` switches the folder on the same address, as a host does at a new release.
 */
export async function serveDist({ prefix = '/', block = () => false, dir = dist } = {}) {
  let folder = resolve(dir);
  if (!existsSync(join(folder, 'index.html'))) {
    throw new Error(`${folder}/index.html is missing: build the app first (scripts/build.sh)`);
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
    const file = normalize(join(folder, path));
    if (!file.startsWith(folder + sep) || block(path)) {
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
  return {
    origin,
    url: origin + prefix,
    serveFrom: (next) => {
      folder = resolve(next);
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
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
 * Opens a new page that records what the tests check: console errors, uncaught exceptions, Content-Security-Policy
 * violations in any frame, the URL of every request, including those that failed, and (in `contextRequests`)
 * every request of the whole browser context, the service worker's own included.
 */
export async function openPage(browser, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1200, height: 800 } });
  const record = {
    consoleErrors: [], pageErrors: [], requests: [], failedRequests: [], contextRequests: [], cspViolations: [],
  };
  context.on('request', (req) => record.contextRequests.push(req.url()));
  // A binding survives navigations, so violations of every page the test visits end up in one list.
  await context.exposeBinding('__dockerlabCspViolation', (_source, violation) => record.cspViolations.push(violation));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const { effectiveDirective, blockedURI, sourceFile, lineNumber } = event;
      const where = `${sourceFile}:${lineNumber}`;
      window.__dockerlabCspViolation(`${effectiveDirective} blocked ${blockedURI || 'inline'} at ${where}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') record.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => record.pageErrors.push(String(err)));
  page.on('request', (req) => record.requests.push(req.url()));
  page.on('requestfailed', (req) => {
    const error = req.failure()?.errorText;
    // A request the page itself dropped because it navigated away (the favicon of a page left at once) did not
    // fail; anything else did.
    if (error === 'net::ERR_ABORTED' && req.frame().page() === page && req.resourceType() !== 'document' &&
        /\.(svg|png|ico)$/.test(new URL(req.url()).pathname)) return;
    record.failedRequests.push(`${req.url()} (${error})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) record.failedRequests.push(`${res.url()} (HTTP ${res.status()})`);
  });
  return { page, context, record };
}

/**
 * The requests that left the page's own origin, from the page or anything else in its browser context (data: and
 * blob: URLs never touch the network).
 */
export function foreignRequests(record, origin) {
  return [...new Set([...record.requests, ...record.contextRequests])].filter((url) => {
    if (url.startsWith('data:') || url.startsWith('blob:')) return false;
    return new URL(url).origin !== origin;
  });
}

/** Waits until the app has mounted: its loading note is gone and the main landmark exists. */
export async function waitForApp(page, timeout = 15000) {
  await page.locator('main#main').waitFor({ state: 'attached', timeout });
  await page.locator('#boot').waitFor({ state: 'detached', timeout });
}

/** Waits until the site chrome says every file is stored for offline use. */
export async function waitForOffline(page, timeout = 30000) {
  await page.getByRole('status').filter({ hasText: 'Available offline' }).waitFor({ timeout });
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

/**
 * The 300-line Dockerfile the keystroke measurements type into (the playground test and
 * scripts/keystroke-timing.mjs): installs, environment and copies, ending with a model copy, a user and a command.
 */
export function dockerfile300Lines() {
  const lines = ['FROM python:3.12-slim AS base', 'WORKDIR /app', 'COPY requirements.txt .'];
  while (lines.length < 297) {
    const n = lines.length;
    lines.push(
      n % 3 === 0 ? `RUN pip install --no-cache-dir numpy==1.26.${n % 5}` : n % 3 === 1 ? `ENV STEP_${n}=${n}` : `COPY src/ /app/src${n}/`,
    );
  }
  lines.push('COPY models/model.safetensors models/', 'USER 1000', 'CMD ["python", "src/serve.py"]');
  return lines.join('\n') + '\n';
}

/**
 * Starts the keystroke probes in `page` (the playground test and scripts/keystroke-timing.mjs), for the panel
 * region named `panel`. Three figures are gathered per key:
 *   - recompute: the app's own figure, from the start of the shared analysis until the editor's marks and the
 *     panel's view models are derived (window.__dockerlabTimings, which the app records);
 *   - next paint: Event Timing's duration for the keydown, from the key's hardware timestamp to the next frame
 *     painted after it (the figure behind Interaction to Next Paint). The API rounds to 8 ms and reports only keys
 *     of 16 ms or more: a key it does not report painted within one frame;
 *   - panel painted: from the key's timestamp until the frame that shows the panel changed by it has been
 *     produced (the first task after that frame's animation callbacks). Keys that left the panel as it was are
 *     not counted.
 */
export async function startKeystrokeProbes(page, panel) {
  await page.evaluate((panel) => {
    window.__dockerlabTimings = [];
    window.__keystrokePaints = [];
    window.__panelPaints = [];
    // The observers are installed once per page: a second set would count every key twice.
    const probes = window.__keystrokeProbes ?? { key: null, panel: null };
    if (!window.__keystrokeProbes) {
      window.__keystrokeProbes = probes;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.name === 'keydown') window.__keystrokePaints.push(entry.duration);
        }
      }).observe({ type: 'event', durationThreshold: 16 });
      document.addEventListener('keydown', (event) => { probes.key = event.timeStamp; }, true);
    }
    probes.key = null;
    probes.panel?.disconnect();
    const region = [...document.querySelectorAll('[role=region]')].find((element) => element.getAttribute('aria-label') === panel);
    probes.panel = new MutationObserver(() => {
      if (probes.key === null) return;
      const at = probes.key;
      probes.key = null;
      requestAnimationFrame(() => setTimeout(() => window.__panelPaints.push(performance.now() - at), 0));
    });
    probes.panel.observe(region, { subtree: true, childList: true, characterData: true, attributes: true });
  }, panel);
}

/** What `startKeystrokeProbes` gathered so far: `{ recomputes, slow, panelPaints }`, in ms. */
export async function readKeystrokeProbes(page) {
  return page.evaluate(() => ({
    recomputes: window.__dockerlabTimings.slice(),
    slow: window.__keystrokePaints.slice(),
    panelPaints: window.__panelPaints.slice(),
  }));
}
