// The landing page and the app shell, in a real headless Chromium against the release dist/.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, launchBrowser, openPage, screenshotPath, serveDist, waitForApp, withServer } from './support.mjs';

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
      assert.ok(record.requests.every((url) => !url.startsWith('data:') && new URL(url).pathname.startsWith('/course/dockerlab/')));
      await context.close();
    });
  });

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
