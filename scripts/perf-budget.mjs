// Measures the landing page's performance budget in headless Chromium: the bytes a first visit transfers before
// the page is interactive, and the time to interactive, without and with 4x CPU throttling.
//
//   node scripts/perf-budget.mjs [DIST] [--runs N]        (DIST defaults to dist/; build it with scripts/build.sh)
//
// The release files are served from 127.0.0.1 the way a well-configured static host would: brotli-compressed
// (quality 11, as a host precompressing its files would) when the browser accepts it. Every run uses a fresh
// browser context, so nothing comes from the HTTP cache or a service worker.
//
// "Interactive" follows the idea of Lighthouse's time to interactive, on the page's own clock:
//   1. the app has mounted: its loading note is gone and the main landmark with the site navigation exists;
//   2. from then on the main thread stays free of long tasks (50 ms or more) for a quiet window of 5 s.
// Time to interactive is the later of the mount and the end of the last long task before the quiet window.
// The bytes before interactive are what the network delivered (headers and compressed bodies, as Chromium's
// encodedDataLength counts them) for requests that started before that moment. Requests started later, such as
// the service worker's precaching after the load event, are reported apart.

import { createServer } from 'node:http';
import { readdir, readFile } from 'node:fs/promises';
import { brotliCompressSync, constants } from 'node:zlib';
import { extname, join, resolve, sep } from 'node:path';
import { MIME, launchBrowser } from '../tests/e2e/support.mjs';

const QUIET_WINDOW_MS = 5000;
const LONG_TASK_MS = 50;
const BUDGET_BYTES = 400 * 1000;

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
const dist = resolve(args[0] ?? 'dist');

/** Every file under `dir`, as paths relative to it. */
async function listFiles(dir, prefix = '') {
  const files = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(dir, path)));
    else files.push(path);
  }
  return files;
}

/**
 * A static server for `dist` that answers with brotli when the request accepts it. Every file is compressed before
 * the first visit, as a host serving precompressed files would, so compression time never shows in the figures.
 */
async function serveCompressed() {
  const files = new Map();
  for (const path of await listFiles(dist)) {
    const body = await readFile(join(dist, path));
    const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length };
    files.set('/' + path.split(sep).join('/'), { body, br: brotliCompressSync(body, { params }) });
  }
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': MIME[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    let body = file.body;
    if (/\bbr\b/.test(req.headers['accept-encoding'] ?? '') && file.br.length < body.length) {
      body = file.br;
      headers['content-encoding'] = 'br';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** One cold visit of the landing page at the given CPU slowdown. */
async function visit(browser, url, cpuRate) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.addInitScript(() => {
    window.__perf = { longTasks: [], mountedAt: null };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__perf.longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
    const check = () => {
      const mounted = document.querySelector('main#main') && document.querySelector('nav') && !document.getElementById('boot');
      if (window.__perf.mountedAt === null && mounted) {
        window.__perf.mountedAt = performance.now();
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
  const requests = new Map();
  let documentStart = null;
  cdp.on('Network.requestWillBeSent', (event) => {
    if (documentStart === null) documentStart = event.timestamp;
    requests.set(event.requestId, { url: event.request.url, start: event.timestamp, bytes: 0 });
  });
  cdp.on('Network.loadingFinished', (event) => {
    const request = requests.get(event.requestId);
    if (request) request.bytes = event.encodedDataLength;
  });

  await page.goto(url);
  await page.waitForFunction(() => window.__perf.mountedAt !== null, null, { timeout: 120000 });
  // Wait until the quiet window has passed after the last long task.
  for (;;) {
    const { longTasks, now } = await page.evaluate(() => ({ longTasks: window.__perf.longTasks, now: performance.now() }));
    const lastEnd = Math.max(0, ...longTasks.map(([start, duration]) => start + duration));
    if (now - lastEnd >= QUIET_WINDOW_MS) break;
    await page.waitForTimeout(500);
  }
  const { longTasks, mountedAt } = await page.evaluate(() => window.__perf);
  const lastLongEnd = Math.max(0, ...longTasks.filter(([, d]) => d >= LONG_TASK_MS).map(([s, d]) => s + d));
  const tti = Math.max(mountedAt, lastLongEnd);
  // The page's clock starts with navigation, the network clock with the document request: close enough at ms scale.
  const before = [...requests.values()].filter((r) => (r.start - documentStart) * 1000 <= tti);
  const later = [...requests.values()].filter((r) => (r.start - documentStart) * 1000 > tti);
  const sum = (list) => list.reduce((total, r) => total + r.bytes, 0);
  await context.close();
  return {
    cpuRate, mountedAt, tti, longTaskCount: longTasks.length,
    bytesBefore: sum(before), requestsBefore: before.map((r) => `${new URL(r.url).pathname} ${r.bytes}`),
    bytesLater: sum(later), requestsLater: later.length,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

const server = await serveCompressed();
const browser = await launchBrowser();
try {
  const rows = [];
  for (const cpuRate of [1, 4]) {
    const results = [];
    for (let run = 0; run < runs; run += 1) results.push(await visit(browser, server.url, cpuRate));
    rows.push({ cpuRate, results });
  }
  console.log(`dist: ${dist}; ${runs} cold visits per row, median shown (min–max in brackets)`);
  console.log('| CPU | bytes before interactive (brotli) | requests | app mounted | time to interactive | later bytes |');
  console.log('|---|---|---|---|---|---|');
  for (const { cpuRate, results } of rows) {
    const pick = (key) => results.map((r) => r[key]);
    const range = (key, unit) => `${Math.round(median(pick(key)))} ${unit} (${Math.round(Math.min(...pick(key)))}–${Math.round(Math.max(...pick(key)))})`;
    console.log(`| ${cpuRate}x | ${kb(median(pick('bytesBefore')))} | ${results[0].requestsBefore.length} | ${range('mountedAt', 'ms')} | ${range('tti', 'ms')} | ${kb(median(pick('bytesLater')))} in ${results[0].requestsLater} requests |`);
  }
  console.log('\nRequests before interactive (first 1x run, bytes on the wire):');
  for (const line of rows[0].results[0].requestsBefore) console.log(`  ${line}`);
  const worst = Math.max(...rows.flatMap(({ results }) => results.map((r) => r.bytesBefore)));
  console.log(`\nBudget: at most ${kb(BUDGET_BYTES)} before interactive; measured at most ${kb(worst)}: ${worst <= BUDGET_BYTES ? 'within budget' : 'OVER budget'}.`);
} finally {
  await browser.close();
  await server.close();
}
