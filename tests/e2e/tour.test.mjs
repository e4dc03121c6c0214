// A full tour of the release dist/ in headless Chromium, under its real Content-Security-Policy: every lesson the
// course index lists, every playground panel at work, an embed, every quiz kind and a progress export. It proves
// that no request left the page's origin (the service worker's own requests included) and that the policy
// blocked nothing: no `securitypolicyviolation` event in any frame and no console error.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, launchBrowser, openPage, waitForApp, waitForOffline, withServer } from './support.mjs';
import { indexedLessons, usePlayground, useQuizzes, visitLessons } from './tour-steps.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a full tour stays on the origin and the Content-Security-Policy blocks nothing', async () => {
  await withServer({}, async (server) => {
    const { page, context, record } = await openPage(browser);
    await page.goto(server.url);
    await waitForApp(page);
    await page.getByRole('heading', { level: 1, name: /learn docker for machine learning/i }).waitFor();
    // The policy is the one the build wrote: the loader's hash, and nothing from another origin.
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'/);
    assert.doesNotMatch(policy, /https?:|\*|'unsafe-eval'|script-src[^;]*'unsafe-inline'/);
    await waitForOffline(page);

    const ids = await indexedLessons();
    assert.ok(ids.length >= 10, `${ids.length} lessons in the index`);
    await page.goto(`${server.url}#/lessons`);
    const links = page.locator('.lesson-list h2 a');
    await links.first().waitFor();
    const listed = await links.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')));
    assert.deepEqual(listed.map((href) => href.replace('#/lessons/', '')).sort(), [...ids].sort());
    await visitLessons(page, server.url, ids);

    await usePlayground(page, server.url);
    await page.goto(`${server.url}?embed=layers&theme=dark#/playground`);
    await page.getByRole('region', { name: 'Layers', exact: true }).locator('.layer-bar').first().waitFor();

    await useQuizzes(page, server.url);

    assert.deepEqual(record.cspViolations, []);
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(record.pageErrors, []);
    assert.deepEqual(record.failedRequests, []);
    assert.ok(record.contextRequests.some((url) => url.endsWith('/sw.js')), 'the service worker was fetched');
    assert.deepEqual(foreignRequests(record, server.origin), []);
    await context.close();
  });
});

test('the violation listener catches what the policy blocks', async () => {
  await withServer({}, async (server) => {
    const { page, context, record } = await openPage(browser);
    await page.goto(server.url);
    await waitForApp(page);
    // An inline script the build did not hash, and an image from another origin.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true;';
      document.body.append(script);
      const image = document.createElement('img');
      image.src = 'http://example.invalid/pixel.png';
      document.body.append(image);
    });
    for (let tries = 0; record.cspViolations.length < 2 && tries < 50; tries += 1) {
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const seen = record.cspViolations.join('\n');
    assert.equal(await page.evaluate(() => window.injected), undefined, 'the injected script did not run');
    assert.ok(record.cspViolations.some((line) => line.startsWith('script-src-elem blocked inline')), seen);
    assert.ok(record.cspViolations.some((line) => line.startsWith('img-src blocked http://example.invalid/')), seen);
    // The browser asked for the image and the policy stopped it before the network.
    const failed = record.failedRequests.join('\n');
    assert.ok(record.failedRequests.some((line) => line === 'http://example.invalid/pixel.png (csp)'), failed);
    await context.close();
  });
});
