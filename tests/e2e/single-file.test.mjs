// The single-file build (scripts/single-file.mjs) in a real headless Chromium: the file is written from the dist/
// under test into a temporary folder and opened from disk over file://. The landing page, a lesson, the
// playground's panels and a quiz of every kind must work with no console error and no request at all but the
// file itself (data: and blob: URLs never touch the network). A split build (scripts/split-wasm.mjs) loads most
// of those pages' code as modules on demand, so these walks load them from the file too.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, launchBrowser, openPage, root, waitForApp } from './support.mjs';

let browser;
let folder;
let file;
let fileUrl;
before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'dockerlab-single-'));
  file = join(folder, 'dockerlab.html');
  execFileSync(process.execPath, [join(root, 'scripts', 'single-file.mjs'), dist, '--out', file], { stdio: 'pipe' });
  fileUrl = pathToFileURL(file).href;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Opens the file at `fragment`, runs `body`, then checks the page stayed clean and off the network. */
async function withFile(fragment, body) {
  const { page, context, record } = await openPage(browser);
  try {
    await page.goto(fileUrl + fragment);
    await waitForApp(page);
    await body(page);
    assert.equal(await page.locator('.notice-error').count(), 0, 'no file failed to load');
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(record.pageErrors, []);
    assert.deepEqual(record.failedRequests, []);
    assert.deepEqual(record.cspViolations ?? [], []);
    const requests = [...record.requests, ...(record.contextRequests ?? [])];
    const network = requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:'));
    assert.deepEqual([...new Set(network.map((url) => url.replace(/#.*$/, '')))], [fileUrl]);
  } finally {
    await context.close();
  }
}

/**
 * In a split build, the link module the glue imports and the wasm modules it loads on demand, by file name; null
 * for a build in one module.
 */
function splitBuild() {
  if (!existsSync(join(dist, 'index.html'))) return null;
  const glue = readFileSync(join(dist, 'index.html'), 'utf8').match(/from\s*['"]\.\/(dockerlab-app-[\w-]+\.js)['"]/)[1];
  const link = readFileSync(join(dist, glue), 'utf8').match(/from\s*"\.\/(__wasm_split[\w.-]*\.js)"/)?.[1];
  if (!link) return null;
  const source = readFileSync(join(dist, link), 'utf8');
  const modules = [...new Set([...source.matchAll(/new URL\("\.\/([^"]+\.wasm)"/g)].map((match) => match[1]))];
  return { link, modules };
}
const split = splitBuild();

/** The first file name listed in a course index, without its extension. */
function firstIndexed(path) {
  const line = readFileSync(join(dist, path), 'utf8')
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text && !text.startsWith('#'));
  return line.replace(/\.[a-z]+$/, '');
}

describe('single file', () => {
  test('the file carries everything inline, keeps the page policy and leaves out the manifest', () => {
    const html = readFileSync(file, 'utf8');
    assert.doesNotMatch(html, /<link[^>]+rel="?(manifest|apple-touch-icon|modulepreload|preload|stylesheet)/i);
    assert.doesNotMatch(html, /(src|href)="\.?\/?[\w/-]+\.(js|wasm|css|svg|png|webmanifest)"/i);
    assert.doesNotMatch(html, /serviceWorker\.register/, 'a page opened from disk registers no service worker');
    const original = readFileSync(join(dist, 'index.html'), 'utf8');
    const hasPolicy = (text) => /http-equiv="?content-security-policy/i.test(text);
    assert.equal(hasPolicy(html), hasPolicy(original), 'a Content-Security-Policy is kept exactly when dist/ has one');
  });

  test('a split build carries every module it loads on demand, each in its own element', { skip: !split }, () => {
    const { modules } = split;
    assert.ok(modules.length > 0, 'the link module loads modules');
    const html = readFileSync(file, 'utf8');
    const elements = html.matchAll(/<script type="application\/gzip" id="dockerlab-wasm:([^"]+)">/g);
    const inlined = [...elements].map((match) => match[1]);
    assert.deepEqual(inlined.sort(), [...modules].sort());
  });

  test('a split build missing a module it loads is refused, naming the module', { skip: !split }, () => {
    // A copy of dist/ made of links to its files, less one module.
    const { modules } = split;
    const missing = modules[0];
    const copy = join(folder, 'dist-missing-module');
    mkdirSync(copy);
    for (const name of readdirSync(dist)) {
      if (name !== missing) symlinkSync(join(dist, name), join(copy, name));
    }
    const run = () =>
      execFileSync(process.execPath, [join(root, 'scripts', 'single-file.mjs'), copy, '--out', join(copy, 'x.html')], {
        stdio: 'pipe',
        encoding: 'utf8',
      });
    assert.throws(run, (error) => error.stderr.includes(`${missing}, which is not in`));
    assert.equal(existsSync(join(copy, 'x.html')), false, 'no file is written');
  });

  test('the landing page renders, with every file the app reads at hand', async () => {
    await withFile('', async (page) => {
      await page.getByRole('heading', { level: 1, name: /learn docker for machine learning/i }).waitFor();
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      assert.match(icon, /^data:image\//);
      const inlined = await page.evaluate(() => {
        return Object.keys(JSON.parse(document.getElementById('dockerlab-files').text));
      });
      const expected = ['lessons', 'quizzes', 'data']
        .filter((folder) => existsSync(join(dist, folder)))
        .flatMap((folder) => readdirSync(join(dist, folder), { recursive: true }).map((path) => join(folder, path)))
        .filter((path) => statSync(join(dist, path)).isFile())
        .map((path) => path.split(sep).join('/'));
      assert.deepEqual(inlined.sort(), expected.sort());
    });
  });

  test('a lesson opens from the list and shows its content', async () => {
    await withFile('#/lessons', async (page) => {
      const first = page.locator('.lesson-list h2 a').first();
      await first.waitFor();
      const id = (await first.getAttribute('href')).replace('#/lessons/', '');
      await first.click();
      const title = readFileSync(join(dist, 'lessons', `${id}.md`), 'utf8').match(/^title:\s*(.+)$/m)[1].trim();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await page.locator('.block[data-block]').first().waitFor();
    });
  });

  test('the playground shows its panels', async () => {
    await withFile('#/playground', async (page) => {
      await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor();
      await page.locator('.editor-highlight .tok-keyword').first().waitFor();
      for (const name of ['Lint', 'Context', 'Layers', 'Build cache', 'Model strategies']) {
        await page.getByRole('group', { name: 'Panels' }).getByRole('button', { name, exact: true }).click();
        await page.getByRole('region', { name, exact: true }).waitFor();
      }
      // Sizes come from the measured tables, which some builds load at run time like the course.
      await page.getByRole('group', { name: 'Panels' }).getByRole('button', { name: 'Layers', exact: true }).click();
      const total = page.getByRole('region', { name: 'Layers', exact: true }).locator('[data-total="uncompressed"]');
      assert.match(await total.textContent(), /\d+ (MB|GB)/);
    });
  });

  test('a quiz of every kind opens', async () => {
    await withFile('#/quizzes', async (page) => {
      for (const kind of ['misconceptions', 'predict', 'interview', 'exercises']) {
        await page.locator(`.quiz-list[data-kind="${kind}"] li`).first().waitFor();
      }
      assert.equal(await page.locator('.notice-error').count(), 0, 'no quiz file failed to load');

      await page.goto(`${fileUrl}#/quizzes/misconceptions/${firstIndexed('quizzes/index.txt')}`);
      await page.getByRole('button', { name: 'Commit my answer' }).waitFor();
      await page.goto(`${fileUrl}#/quizzes/predict/${firstIndexed('quizzes/predict/index.txt')}`);
      await page.getByRole('button', { name: 'Check my prediction' }).waitFor();
      await page.goto(`${fileUrl}#/quizzes/interview/${firstIndexed('quizzes/interview/index.txt')}`);
      await page.getByRole('button', { name: 'Reveal the model answer' }).waitFor();
      await page.goto(`${fileUrl}#/quizzes/exercises/${firstIndexed('quizzes/exercises/index.txt')}`);
      await page.getByRole('button', { name: 'Check the goals' }).waitFor();
    });
  });
});
