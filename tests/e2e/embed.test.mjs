// Embeds: `?embed=<panel>` inside an iframe on a test page — no site chrome, the theme parameter, the height
// message to the parent, storage blocked, "open in full playground" keeping the state — and the Embed dialog.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { foreignRequests, launchBrowser, openPage, screenshotPath, serveDist, waitForApp, withServer } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function shareData(state) {
  return '1.' + deflateRawSync(Buffer.from(JSON.stringify(state))).toString('base64url');
}

/** Makes local and session storage throw, as a browser does when a page's storage is blocked. */
const BLOCK_STORAGE = `
  for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(window, name, { get() { throw new DOMException('storage is blocked', 'SecurityError'); } });
  }
`;

function hostPage(src) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
    <h1>A blog post</h1>
    <iframe id="demo" title="Dockerlab demo" src="${src}" style="width:100%;border:0" height="200"></iframe>
    <script>
      window.heights = [];
      addEventListener('message', (event) => {
        if (event.data && event.data.type === 'dockerlab:height') {
          window.heights.push(event.data.height);
          document.getElementById('demo').style.height = event.data.height + 'px';
        }
      });
    </script></body></html>`;
}

describe('embeds', () => {
  test('an embedded panel runs inside an iframe, themed, with storage blocked, and reports its height', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await context.addInitScript(BLOCK_STORAGE);
      const text = 'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt\n';
      const src = `${server.url}?embed=layers&theme=dark#/playground?s=${shareData({ dockerfile: text })}`;
      await page.route('**/host.html', (route) => route.fulfill({ contentType: 'text/html', body: hostPage(src) }));
      await page.goto(`${server.origin}/host.html`);
      const frame = page.frameLocator('#demo');
      await frame.getByRole('region', { name: 'Layers' }).waitFor();
      assert.equal(await frame.locator('.site-header, .site-footer').count(), 0, 'no site chrome');
      assert.equal(await frame.locator('.panel-bar').count(), 0, 'one panel only');
      assert.equal(await frame.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), text);
      assert.equal(await frame.locator('html').getAttribute('data-theme'), 'dark');
      await page.waitForFunction(() => window.heights.length > 0 && window.heights.at(-1) > 200);
      const height = await page.evaluate(() => window.heights.at(-1));
      const frameHeight = await page.locator('#demo').evaluate((node) => node.getBoundingClientRect().height);
      assert.ok(Math.abs(frameHeight - height) < 2, `the iframe grew to ${frameHeight} px for ${height} px`);
      await page.screenshot({ path: screenshotPath('embed-layers-dark.png'), fullPage: true });

      const open = frame.getByRole('link', { name: 'Open in full playground' });
      const href = await open.getAttribute('href');
      assert.match(href, /#\/playground\?s=1\./);
      assert.doesNotMatch(href, /embed=/);
      assert.equal(await open.getAttribute('target'), '_blank');
      assert.deepEqual(record.pageErrors, []);
      assert.deepEqual(record.consoleErrors, []);
      assert.deepEqual(foreignRequests(record, server.origin), []);
      await context.close();

      const full = await openPage(browser);
      await full.page.goto(href);
      await waitForApp(full.page);
      await full.page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor();
      assert.equal(await full.page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), text);
      await full.context.close();
    });
  });

  test('every panel embeds, light or auto theme, with no header', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      for (const [id, name] of [['cache', 'Build cache'], ['lint', 'Lint'], ['context', 'Context'], ['strategies', 'Model strategies']]) {
        await page.goto(`${server.url}?embed=${id}&theme=light#/playground`);
        await page.getByRole('region', { name, exact: true }).waitFor();
        assert.equal(await page.locator('html').getAttribute('data-theme'), 'light');
        assert.equal(await page.locator('.site-header').count(), 0);
      }
      await page.goto(`${server.url}?embed=lint&theme=auto#/playground`);
      await page.getByRole('region', { name: 'Lint', exact: true }).waitFor();
      assert.equal(await page.locator('html').getAttribute('data-theme'), null);
      assert.deepEqual(record.pageErrors, []);
      assert.deepEqual(record.consoleErrors, []);
      await context.close();
    });
  });

  test('the full playground works with storage blocked, and the Embed dialog writes the snippet', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await context.addInitScript(BLOCK_STORAGE);
      await page.goto(`${server.url}#/playground`);
      await waitForApp(page);
      await page.getByRole('textbox', { name: 'Dockerfile' }).fill('FROM alpine\n');
      await page.getByRole('group', { name: 'Panels' }).getByRole('button', { name: 'Lint' }).click();
      await page.getByRole('button', { name: 'Embed' }).click();
      const dialog = page.getByRole('dialog', { name: 'Embed this demo' });
      await dialog.waitFor();
      const snippet = await dialog.getByLabel('Embed code').inputValue();
      assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=lint&theme=auto#\/playground\?s=1\.[A-Za-z0-9_-]+" title="Dockerlab: Lint"/);
      assert.match(snippet, /dockerlab:height/);
      // The snippet's address opens the same state in an embed.
      const src = snippet.match(/src="([^"]+)"/)[1];
      await page.goto(src);
      await page.getByRole('region', { name: 'Lint', exact: true }).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), 'FROM alpine\n');
      assert.deepEqual(record.pageErrors, []);
      assert.deepEqual(record.consoleErrors, []);
      await context.close();
    });
  });
});
