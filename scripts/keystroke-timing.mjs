// Measures what one keystroke costs in the playground, for a 300-line Dockerfile, with each panel on screen.
//
//   node scripts/keystroke-timing.mjs [DIST] [--runs N] [--panels Layers,Lint] [--bare]   (DIST defaults to dist/)
//
// The keys are typed through Chromium's real input path (the Dockerfile textarea has the focus, as when a learner
// types), one every 40 ms, at the end of the file. For each panel it prints the figures of `startKeystrokeProbes`
// in tests/e2e/support.mjs (recompute, key to next paint, key to panel painted) and the main thread's time: how
// long Chromium's main thread was busy per keystroke (tasks in a performance trace: the browser's editing of the
// textarea, the app's work, style, layout, paint), whether or not it fits a frame.
// --bare adds a reference: the same keys typed into a page holding nothing but a textarea with the same 300 lines,
// font and size, which is what the browser's own editing costs on this machine before the app does anything.
// Timings are printed, never asserted: the machines this runs on are shared and noisy. Compare builds as ratios
// in one run.

import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  dockerfile300Lines,
  launchBrowser,
  openPage,
  readKeystrokeProbes,
  serveDist,
  startKeystrokeProbes,
  waitForApp,
} from '../tests/e2e/support.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const runs = Number(option('--runs', '1'));
const bare = args.includes('--bare') && args.splice(args.indexOf('--bare'), 1).length > 0;
const panels = option('--panels', 'Layers,Build cache,Lint,Context,Model strategies').split(',');
const dist = resolve(args[0] ?? 'dist');
const KEYS = 'RUN echo keystroke timing '.repeat(2);

/** Milliseconds the renderer's main thread spent in top-level tasks, from a Chromium trace. */
function mainThreadBusy(trace) {
  const events = trace.traceEvents ?? trace;
  const main = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const tasks = events
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`))
    .sort((a, b) => a.ts - b.ts);
  let busy = 0;
  let end = 0;
  for (const task of tasks) {
    if (task.ts >= end) {
      busy += task.dur;
      end = task.ts + task.dur;
    }
  }
  return busy / 1000;
}

const percentile = (values, share) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * share) - 1))];
};
const fixed = (value) => (value === undefined ? '-' : value.toFixed(1));

/** Types the keys into a page with a bare 300-line textarea and prints key to next paint. */
async function measureBare(run) {
  const { page, context } = await openPage(browser);
  await page.goto(`${server.url}#/playground`);
  await waitForApp(page);
  // The app's page, emptied: the same origin, fonts and styles, one textarea styled as the editor's.
  await page.evaluate((text) => {
    document.body.replaceChildren();
    const area = document.createElement('textarea');
    area.setAttribute('aria-label', 'Bare');
    area.wrap = 'off';
    area.spellcheck = false;
    area.style.cssText = 'width: 40rem; height: 70vh; font-family: var(--mono); font-size: 0.86rem; line-height: 1.5';
    area.value = text;
    document.body.append(area);
  }, dockerfile300Lines());
  const area = page.getByRole('textbox', { name: 'Bare' });
  await area.focus();
  await page.keyboard.press('Control+End');
  await page.evaluate(() => {
    window.__keystrokePaints = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name === 'keydown') window.__keystrokePaints.push(entry.duration);
    }).observe({ type: 'event', durationThreshold: 16 });
  });
  for (const key of KEYS) {
    await page.keyboard.type(key);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(300);
  const slow = await page.evaluate(() => window.__keystrokePaints.slice());
  const paints = [...slow, ...Array(Math.max(0, KEYS.length - slow.length)).fill(16)];
  console.log(
    `run ${run}, bare textarea: ${KEYS.length} keys; next paint: ${KEYS.length - Math.min(slow.length, KEYS.length)} of ` +
      `${KEYS.length} keys under 16 ms, median ${fixed(percentile(paints, 0.5))} ms, p95 ${fixed(percentile(paints, 0.95))} ms`,
  );
  await context.close();
}

const browser = await launchBrowser();
const server = await serveDist({ dir: dist });
const tracePath = join(tmpdir(), `dockerlab-keystrokes-${process.pid}.json`);
try {
  for (let run = 1; run <= runs; run += 1) {
    if (bare) await measureBare(run);
    const { page, context } = await openPage(browser);
    await page.goto(`${server.url}#/playground`);
    await waitForApp(page);
    const editor = page.getByRole('textbox', { name: 'Dockerfile' });
    await editor.fill(dockerfile300Lines());
    for (const name of panels) {
      await page.getByRole('group', { name: 'Panels' }).getByRole('button', { name, exact: true }).click();
      await page.getByRole('region', { name, exact: true }).waitFor();
      await page.waitForTimeout(300);
      await editor.focus();
      await page.keyboard.press('Control+End');
      await startKeystrokeProbes(page, name);
      await browser.startTracing(page, { path: tracePath, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
      for (const key of KEYS) {
        await page.keyboard.type(key);
        await page.waitForTimeout(40);
      }
      await page.waitForTimeout(300);
      await browser.stopTracing();
      const { recomputes, slow, panelPaints } = await readKeystrokeProbes(page);
      const busy = mainThreadBusy(JSON.parse(await readFile(tracePath, 'utf8'))) / KEYS.length;
      // Keys Event Timing did not report painted within a frame: counted as 16 ms, an upper bound.
      const paints = [...slow, ...Array(Math.max(0, KEYS.length - slow.length)).fill(16)];
      console.log(
        `run ${run}, ${name}: ${KEYS.length} keys; recompute p95 ${fixed(percentile(recomputes, 0.95))} ms ` +
          `(median ${fixed(percentile(recomputes, 0.5))}); main thread ${busy.toFixed(1)} ms per key; ` +
          `next paint: ${KEYS.length - Math.min(slow.length, KEYS.length)} of ${KEYS.length} keys within a frame, ` +
          `median ${fixed(percentile(paints, 0.5))} ms, p95 ${fixed(percentile(paints, 0.95))} ms; ` +
          `panel painted (${panelPaints.length} keys changed it): median ${fixed(percentile(panelPaints, 0.5))} ms, ` +
          `p95 ${fixed(percentile(panelPaints, 0.95))} ms`,
      );
    }
    await context.close();
  }
} finally {
  await rm(tracePath, { force: true });
  await browser.close();
  await server.close();
}
