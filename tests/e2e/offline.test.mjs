// The offline copy in headless Chromium: after one visit the service worker holds every file of dist/, and with
// the network cut (Chromium's offline emulation) every page still works: the landing page, each lesson, every
// playground panel, an embed and a question of each quiz kind. The worker is registered over http only, and not
// by embeds. A new release, served from the same address, replaces the stored copy and deletes the old cache; a
// release caught half-uploaded does not.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { finish, siteFiles } from '../../scripts/post-build.mjs';
import { dist, foreignRequests, launchBrowser, openPage, serveDist, waitForApp, waitForOffline } from './support.mjs';
import { indexedLessons, usePlayground, useQuizzes, visitLessons } from './tour-steps.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function versionOf(dir) {
  return (await readFile(join(dir, 'sw.js'), 'utf8')).match(/^const VERSION = "([0-9a-f]+)";$/m)[1];
}

/** The caches holding a release (not the worker's bookkeeping), by name. */
const cacheNames = (page) =>
  page.evaluate(async () => (await caches.keys()).filter((name) => / [0-9a-f]{20}$/.test(name)).sort());

/** Calls `read` until its result deep-equals `expected` (or the time is up), and returns the last result. */
async function eventually(read, expected, timeout = 20000) {
  const end = Date.now() + timeout;
  let seen = await read();
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < end) {
    await new Promise((ok) => setTimeout(ok, 100));
    seen = await read();
  }
  return seen;
}

/** What a stored copy holds: the addresses relative to the site, sorted. */
async function storedFiles(page, name, base) {
  const urls = await page.evaluate(async (cache) => {
    // `caches.open` would create a missing cache; a missing one holds nothing.
    if (!(await caches.has(cache))) return [];
    return (await (await caches.open(cache)).keys()).map((request) => request.url);
  }, name);
  return urls.map((url) => url.slice(base.length)).sort();
}

describe('offline', () => {
  for (const prefix of ['/course/dockerlab/', '/']) {
    test(`after one visit, every page works with the network cut (served under ${prefix})`, async () => {
      const server = await serveDist({ prefix });
      const { page, context, record } = await openPage(browser);
      try {
        await page.goto(server.url);
        await waitForApp(page);
        await waitForOffline(page);
        const name = `dockerlab ${prefix} ${await versionOf(dist)}`;
        assert.deepEqual(await cacheNames(page), [name]);
        assert.deepEqual(await storedFiles(page, name, server.url), await siteFiles(dist));

        await context.setOffline(true);
        await page.reload();
        await waitForApp(page);
        await page.getByRole('heading', { level: 1, name: /learn docker for machine learning/i }).waitFor();
        await waitForOffline(page);

        await visitLessons(page, server.url, await indexedLessons());
        await usePlayground(page, server.url);
        await useQuizzes(page, server.url);
        // New documents, not only new fragments: an embed (a query), a reload, and an address inside the site that
        // is not a stored file, which the worker answers with the stored index.html.
        await page.goto(`${server.url}?embed=lint&theme=light#/playground`);
        await page.getByRole('region', { name: 'Lint', exact: true }).locator('.finding').first().waitFor();
        await page.goto(`${server.url}#/lessons/images-and-layers`);
        await page.locator('h1#lesson-title').waitFor();
        await page.reload();
        await page.locator('h1#lesson-title').waitFor();
        await page.goto(`${server.url}no-such-page#/lessons`);
        await page.locator('.lesson-list h2 a').first().waitFor();

        assert.deepEqual(record.consoleErrors, []);
        assert.deepEqual(record.pageErrors, []);
        assert.deepEqual(record.failedRequests, []);
        assert.deepEqual(record.cspViolations, []);
        assert.deepEqual(foreignRequests(record, server.origin), []);
        // The network really is cut: a file the worker does not hold cannot be fetched.
        const reached = await page.evaluate(() => fetch('not-stored.txt').then(() => true, () => false));
        assert.equal(reached, false);
      } finally {
        await context.close();
        await server.close();
      }
    });
  }

  test('the worker is registered over http only: never from a file on disk, never in an embed', async () => {
    const registrations = async (page) => page.evaluate(() => window.__registered);
    const { page, context, record } = await openPage(browser);
    await context.addInitScript(() => {
      window.__registered = [];
      const container = navigator.serviceWorker;
      if (!container) return;
      const register = container.register.bind(container);
      container.register = (...args) => {
        window.__registered.push(String(args[0]));
        return register(...args);
      };
    });
    const work = await mkdtemp(join(tmpdir(), 'dockerlab-file-'));
    const server = await serveDist({});
    try {
      // From disk: the registration script itself, run in a page opened as a file.
      const script = (await siteFiles(dist)).find((path) => /^offline-[0-9a-f]+\.js$/.test(path));
      await writeFile(join(work, 'page.html'), '<!DOCTYPE html><title>From disk</title>');
      await page.goto(pathToFileURL(join(work, 'page.html')).href);
      await page.evaluate(await readFile(join(dist, script), 'utf8'));
      await page.evaluate(() => dispatchEvent(new Event('load')));
      assert.deepEqual(await registrations(page), []);

      // An embed, served over http.
      await page.goto(`${server.url}?embed=lint#/playground`);
      await page.getByRole('region', { name: 'Lint', exact: true }).waitFor();
      await page.waitForFunction(() => document.readyState === 'complete');
      assert.deepEqual(await registrations(page), []);
      assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);

      // The full site, over http: one registration, of sw.js beside index.html.
      await page.goto(server.url);
      await waitForOffline(page);
      assert.deepEqual(await registrations(page), ['sw.js']);
      assert.deepEqual([...record.consoleErrors, ...record.pageErrors], []);
    } finally {
      await context.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    }
  });

  test('a new release replaces the stored copy and deletes the old cache; a half-uploaded one does not', async () => {
    const work = await mkdtemp(join(tmpdir(), 'dockerlab-release-'));
    const server = await serveDist({});
    const { page, context, record } = await openPage(browser);
    try {
      await page.goto(server.url);
      await waitForApp(page);
      await waitForOffline(page);
      const oldName = `dockerlab / ${await versionOf(dist)}`;
      assert.deepEqual(await cacheNames(page), [oldName]);

      // The next release: one lesson changed, and the worker written again as the build writes it.
      const release = join(work, 'release');
      await cp(dist, release, { recursive: true });
      const lesson = join('lessons', 'why-ml-breaks.md');
      await appendFile(join(release, lesson), '\nThis sentence is new in the next release.\n');
      const written = await finish(release);
      const worker = await readFile(join(release, 'sw.js'), 'utf8');
      assert.equal((await finish(release)).version, written.version, 'writing the worker again changes nothing');
      assert.equal(await readFile(join(release, 'sw.js'), 'utf8'), worker);
      const newName = `dockerlab / ${written.version}`;
      assert.notEqual(newName, oldName);

      // Half uploaded: the new sw.js is there, the changed lesson is not yet. Its check against the hash fails, so
      // the new worker never installs and the old copy stays whole.
      const partial = join(work, 'partial');
      await cp(release, partial, { recursive: true });
      await copyFile(join(dist, lesson), join(partial, lesson));
      server.serveFrom(partial);
      const outcome = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const found = new Promise((ok) => {
          registration.addEventListener('updatefound', () => ok(registration.installing));
        });
        await registration.update();
        const installing = await found;
        const settled = () => installing.state === 'redundant' || installing.state === 'activated';
        if (!settled()) await new Promise((ok) => installing.addEventListener('statechange', () => settled() && ok()));
        return installing.state;
      });
      assert.equal(outcome, 'redundant');
      assert.deepEqual(await cacheNames(page), [oldName]);

      // Fully uploaded: a reload finds the new worker, which installs and takes over. That reload was still answered
      // by the old worker, so the page runs the old release, and keeps getting that release's files.
      server.serveFrom(release);
      await page.reload();
      await waitForApp(page);
      const files = await siteFiles(release);
      assert.deepEqual(await eventually(() => storedFiles(page, newName, server.url), files), files);
      assert.deepEqual(await cacheNames(page), [oldName, newName].sort());
      const lessonText = () => page.evaluate(async (path) => (await fetch(path)).text(), 'lessons/why-ml-breaks.md');
      assert.doesNotMatch(await lessonText(), /new in the next release/);

      // The next load runs the new release, and the old copy, which no open page uses any more, is deleted.
      await page.reload();
      await waitForApp(page);
      assert.deepEqual(await eventually(() => cacheNames(page), [newName]), [newName]);
      assert.match(await lessonText(), /new in the next release/);
      await page.goto(`${server.url}#/lessons/why-ml-breaks`);
      await page.getByText('This sentence is new in the next release.').waitFor();
      await waitForOffline(page);

      assert.deepEqual(record.consoleErrors, []);
      assert.deepEqual(record.pageErrors, []);
      assert.deepEqual(foreignRequests(record, server.origin), []);
    } finally {
      await context.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
