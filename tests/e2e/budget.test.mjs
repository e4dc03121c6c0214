// The landing page's download budget: what a first visit fetches before the app is up, compressed as a host
// would serve it (brotli), must stay within 400 kB, and no page module may be among it. Sizes only: the timing
// side of the budget is measured, not asserted, by scripts/perf-budget.mjs.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { dist, launchBrowser, openPage, waitForApp, withServer } from './support.mjs';

const BUDGET_BYTES = 400 * 1000;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const brotliSize = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

test('the landing page fetches at most 400 kB (brotli) and no page module before it is up', async () => {
  await withServer({}, async (server) => {
    const { page, context, record } = await openPage(browser);
    await page.goto(server.url);
    await waitForApp(page);
    const fetched = [...new Set(record.requests)].map((url) => decodeURIComponent(new URL(url).pathname.slice(1)));
    const sizes = fetched.map((path) => [path || 'index.html', brotliSize(readFileSync(join(dist, path || 'index.html')))]);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    console.log(`landing page: ${(total / 1000).toFixed(1)} kB brotli in ${sizes.length} files`);

    assert.ok(fetched.some((path) => path.endsWith('_bg.wasm')), 'the main module was fetched');
    assert.deepEqual(fetched.filter((path) => /^(chunk_|split_)/.test(path)), [], 'no module loaded on demand');
    assert.ok(total <= BUDGET_BYTES, `${total} bytes fetched: ${JSON.stringify(sizes)}`);

    // Opening a page then loads its own module.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Playground' }).click();
    await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor();
    assert.ok(record.requests.some((url) => /\/split_playground_[^/]*\.wasm$/.test(url)), 'the playground module');
    assert.deepEqual([...record.consoleErrors, ...record.pageErrors], []);
    await context.close();
  });
});
