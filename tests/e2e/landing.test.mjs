// The landing page and the app shell, in a real headless Chromium against the release dist/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  foreignRequests, launchBrowser, openPage, screenshotPath, serveDist, waitForApp, waitForOffline, withServer,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

describe('landing page', () => {
  test('renders the shell with no console error and no request to another origin', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(server.url);
      await waitForApp(page);

      await page.getByRole('heading', { level: 1, name: /learn docker for machine learning/i }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const name of ['Lessons', 'Playground', 'Quizzes']) {
        assert.equal(await nav.getByRole('link', { name }).count(), 1, `navigation link ${name}`);
      }
      assert.match(await page.title(), /Dockerlab/);

      assert.deepEqual(record.consoleErrors, []);
      assert.deepEqual(record.pageErrors, []);
      assert.deepEqual(record.failedRequests, []);
      assert.ok(record.requests.some((url) => url.endsWith('.wasm')), 'the page loaded its wasm');
      assert.deepEqual(foreignRequests(record, server.origin), []);
      await context.close();
    });
  });

  test('navigation reaches each page, and unbuilt pages say so plainly', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(server.url);
      await waitForApp(page);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const name of ['Lessons', 'Playground', 'Quizzes']) {
        await nav.getByRole('link', { name }).click();
        await page.getByRole('heading', { level: 1, name }).waitFor();
        assert.equal(await nav.getByRole('link', { name }).getAttribute('aria-current'), 'page');
        // Lessons, the playground and quizzes are built (lessons, playground and quizzes tests cover them), so no
        // page says it is not.
        const notBuilt = 0;
        assert.equal(await page.getByRole('status').filter({ hasText: 'Not built yet' }).count(), notBuilt);
        assert.match(await page.title(), new RegExp(`^${name} · Dockerlab$`));
      }
      await page.goBack();
      await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor();

      await page.goto(server.url + '#/no-such-page');
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      assert.deepEqual([...record.consoleErrors, ...record.pageErrors], []);
      await context.close();
    });
  });

  test('works unchanged under a sub-path', async () => {
    await withServer({ prefix: '/course/dockerlab/' }, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(server.url);
      await waitForApp(page);
      await page.getByRole('heading', { level: 1, name: /learn docker/i }).waitFor();
      assert.deepEqual(record.failedRequests, []);
      // The service worker's own requests included: it stores the files of this copy and nothing above it.
      await waitForOffline(page);
      const requests = [...record.requests, ...record.contextRequests];
      assert.ok(requests.some((url) => url.endsWith('/course/dockerlab/sw.js')), 'the worker was fetched');
      const inside = (url) => !url.startsWith('data:') && new URL(url).pathname.startsWith('/course/dockerlab/');
      assert.ok(requests.every(inside), requests.filter((url) => !inside(url)).join('\n'));
      await context.close();
    });
  });

  for (const prefix of ['/', '/course/dockerlab/']) {
    test(`installs as an app and stores itself for offline use under ${prefix}`, async () => {
      await withServer({ prefix }, async (server) => {
        const { page, context, record } = await openPage(browser);
        await page.goto(server.url);
        await waitForApp(page);
        await waitForOffline(page);
        const worker = await page.evaluate(async () => {
          const registration = await navigator.serviceWorker.ready;
          const names = (await caches.keys()).filter((name) => name !== `dockerlab ${location.pathname} releases`);
          return { scope: registration.scope, script: registration.active.scriptURL, caches: names };
        });
        assert.equal(worker.scope, server.url);
        assert.equal(worker.script, server.url + 'sw.js');
        assert.equal(worker.caches.length, 1);
        assert.match(worker.caches[0], new RegExp(`^dockerlab ${prefix} [0-9a-f]{20}$`));

        // The manifest resolves its addresses against its own, so the app is the copy under this path.
        const manifestUrl = await page.locator('link[rel="manifest"]').evaluate((link) => link.href);
        assert.equal(manifestUrl, server.url + 'manifest.webmanifest');
        const manifest = await page.evaluate(async (url) => (await fetch(url)).json(), manifestUrl);
        assert.equal(new URL(manifest.start_url, manifestUrl).href, server.url);
        assert.equal(new URL(manifest.scope, manifestUrl).href, server.url);
        assert.equal(manifest.display, 'standalone');
        assert.deepEqual(manifest.icons.map((icon) => icon.sizes).sort(), ['192x192', '512x512', 'any']);
        for (const icon of manifest.icons) {
          const response = await page.request.get(new URL(icon.src, manifestUrl).href);
          assert.equal(response.status(), 200, icon.src);
          assert.equal(response.headers()['content-type'], icon.type, icon.src);
        }
        // The footer's status sits in the page's chrome, not in its content.
        assert.equal(await page.locator('footer [role="status"]').textContent(), 'Available offline');
        assert.deepEqual([...record.consoleErrors, ...record.pageErrors, ...record.cspViolations], []);
        assert.deepEqual(foreignRequests(record, server.origin), []);
        await context.close();
      });
    });
  }

  test('follows the system theme, light and dark (screenshots in tests/e2e/output/)', async () => {
    await withServer({}, async (server) => {
      const backgrounds = {};
      for (const colorScheme of ['light', 'dark']) {
        const { page, context } = await openPage(browser, { colorScheme });
        await page.goto(server.url);
        await waitForApp(page);
        await page.getByRole('heading', { level: 1 }).waitFor();
        backgrounds[colorScheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        await page.screenshot({ path: screenshotPath(`landing-${colorScheme}.png`), fullPage: true });
        await context.close();
      }
      const luminance = (rgb) => {
        const [r, g, b] = rgb.match(/\d+/g).map(Number);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      assert.ok(luminance(backgrounds.light) > 200, `light background ${backgrounds.light}`);
      assert.ok(luminance(backgrounds.dark) < 60, `dark background ${backgrounds.dark}`);
    });
  });
});

describe('the checks above catch a broken app', () => {
  test('a page whose wasm fails to load is reported, not passed', async () => {
    await withServer({ block: (path) => path.endsWith('.wasm') }, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(server.url);
      await assert.rejects(waitForApp(page, 4000), 'the app must not look mounted without its wasm');
      assert.ok(record.failedRequests.some((line) => line.includes('.wasm')), 'the failed wasm request is recorded');
      assert.ok(record.consoleErrors.length + record.pageErrors.length > 0, 'the failure shows as an error');
      await context.close();
    });
  });
});
