// The course in a real headless Chromium against the release dist/: the lesson list, every lesson with its live
// blocks, headings addressed in the route, the playground and quiz blocks at work, and the plain error states.

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

/** The lesson ids in the order the list page shows them. */
async function lessonIds(page, server) {
  await page.goto(server.url + '#/lessons');
  await waitForApp(page);
  await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
  const links = page.locator('.lesson-list h2 a');
  await links.first().waitFor();
  const hrefs = await links.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')));
  return hrefs.map((href) => href.replace('#/lessons/', ''));
}

function assertClean(record, server) {
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.failedRequests, []);
  assert.deepEqual(foreignRequests(record, server.origin), []);
}

describe('lessons', () => {
  test('the list shows every lesson in order with summaries and minutes', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      const ids = await lessonIds(page, server);
      assert.ok(ids.length >= 10, `${ids.length} lessons listed`);
      assert.equal(ids[0], 'why-ml-breaks');
      assert.equal(ids.at(-1), 'reproducibility');
      assert.equal(await page.locator('.lesson-card .lesson-meta').filter({ hasText: /About \d+ minutes/ }).count(), ids.length);
      assert.equal(await page.getByRole('link', { name: 'Lessons' }).first().getAttribute('aria-current'), 'page');
      assertClean(record, server);
      await context.close();
    });
  });

  test('every lesson opens with its live blocks rendered, no console error and no foreign request', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      const ids = await lessonIds(page, server);
      for (const id of ids) {
        await page.goto(`${server.url}#/lessons/${id}`);
        const title = page.locator('h1#lesson-title');
        await title.waitFor();
        assert.match(await page.title(), new RegExp(`^${(await title.textContent()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · Dockerlab$`));
        const blocks = page.locator('.block[data-block]');
        await blocks.first().waitFor();
        assert.ok((await blocks.count()) >= 1, `${id} has a live block`);
        // Quiz blocks fetch their question: wait until each one shows it rather than a loading note.
        const quizzes = page.locator('[data-block="quiz"]');
        for (let i = 0; i < (await quizzes.count()); i += 1) {
          await quizzes.nth(i).locator('fieldset.quiz').waitFor();
        }
        assert.equal(await page.locator('.notice-error').count(), 0, `${id} shows no authoring problem`);
        assert.ok((await page.locator('nav[aria-label="On this page"] a').count()) >= 3, `${id} has a table of contents`);
        assert.equal(await page.locator('.lesson-body script').count(), 0);
      }
      assertClean(record, server);
      await context.close();
    });
  });

  test('previous and next follow the course order, and a heading route scrolls to it', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(`${server.url}#/lessons/images-and-layers`);
      await waitForApp(page);
      await page.getByRole('heading', { level: 1, name: /Images, layers/ }).waitFor();
      await page.getByRole('link', { name: /Next →/ }).click();
      await page.getByRole('heading', { level: 1, name: /first ML inference Dockerfile/ }).waitFor();
      await page.getByRole('link', { name: /← Previous/ }).click();
      await page.getByRole('heading', { level: 1, name: /Images, layers/ }).waitFor();

      await page.locator('nav[aria-label="On this page"]').getByRole('link', { name: 'The ordering rule' }).click();
      await page.waitForFunction(() => location.hash === '#/lessons/images-and-layers/the-ordering-rule');
      await page.waitForFunction(() => {
        const top = document.getElementById('the-ordering-rule')?.getBoundingClientRect().top;
        return top !== undefined && top >= -2 && top < 80;
      });
      assertClean(record, server);
      await context.close();
    });
  });

  test('the playground reads edits live and locates problems', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(`${server.url}#/lessons/first-ml-dockerfile`);
      await waitForApp(page);
      const playground = page.locator('[data-block="playground"]').first();
      await playground.waitFor();
      await playground.getByText('None: the builder would accept this file.').waitFor();
      await playground.locator('.playground-view .tok-keyword').first().waitFor();
      await playground.getByLabel('Dockerfile').fill('FROM python:3.12-slim AS base\nRUNN pip install lightgbm\nFROM base\n');
      const problem = playground.locator('.diagnostic-error').first();
      await problem.waitFor();
      assert.match(await problem.textContent(), /line 2, column 1/);
      assert.equal(await playground.locator('.stage-list li').count(), 2);
      await playground.getByRole('button', { name: 'Reset' }).click();
      await playground.getByText('None: the builder would accept this file.').waitFor();
      assert.equal(await playground.locator('.notice-pending').count(), 0, 'no event, so no simulator note');
      assertClean(record, server);
      await context.close();
    });
  });

  test('a quiz reveals every explanation only after the learner commits', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(`${server.url}#/lessons/what-is-a-container`);
      await waitForApp(page);
      const quiz = page.locator('[data-block="quiz"]');
      await quiz.locator('fieldset.quiz').waitFor();
      const commit = quiz.getByRole('button', { name: 'Commit my answer' });
      assert.equal(await commit.isDisabled(), true, 'nothing to commit yet');
      assert.equal(await quiz.locator('.quiz-why').count(), 0, 'explanations stay hidden');
      await quiz.getByRole('radio').first().check();
      await commit.click();
      const options = await quiz.getByRole('radio').count();
      await quiz.locator('.quiz-why').nth(options - 1).waitFor();
      assert.equal(await quiz.locator('.quiz-why').count(), options, 'every option explains itself');
      assert.match(await quiz.locator('.quiz-result').textContent(), /Not quite: the answer is option 3/);
      assert.equal(await quiz.getByRole('radio').first().isDisabled(), true, 'the choice is final');
      assertClean(record, server);
      await context.close();
    });
  });

  test('blocks whose engine is not built yet say so plainly; the diagram is live', async () => {
    await withServer({}, async (server) => {
      const { page, context } = await openPage(browser);
      await page.goto(`${server.url}#/lessons/shipping-models`);
      await waitForApp(page);
      const strategy = page.locator('[data-block="strategy"]');
      await strategy.waitFor();
      for (const name of ['Bake the model into the image', 'Download the model at start-up', 'Mount the model from a volume']) {
        await strategy.getByText(name).waitFor();
      }
      // The comparison comes from the engine's strategy model: one column per strategy, figures per row.
      await strategy.getByRole('row', { name: /Cold start/ }).waitFor();
      assert.equal(await strategy.getByRole('columnheader').count(), 4);

      await page.goto(`${server.url}#/lessons/images-and-layers`);
      const predict = page.locator('[data-block="predict"]');
      await predict.waitFor();
      await predict.getByText('app/serve.py is edited').waitFor();
      // The predict block is graded by the cache simulator (tests/e2e/quizzes.test.mjs covers the grading).
      await predict.getByRole('button', { name: 'Check my prediction' }).waitFor();
      assert.equal(await predict.locator('.notice-pending').count(), 0);

      await page.goto(`${server.url}#/lessons/what-is-a-container`);
      const diagram = page.locator('[data-block="diagram"]');
      await diagram.waitFor();
      const kernels = diagram.getByRole('button', { name: 'Highlight kernels' });
      await kernels.click();
      assert.equal(await kernels.getAttribute('aria-pressed'), 'true');
      await diagram.getByText(/one shared host kernel/).waitFor();
      await context.close();
    });
  });

  test('a missing lesson and a missing index are reported plainly', async () => {
    await withServer({}, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(`${server.url}#/lessons/no-such-lesson`);
      await waitForApp(page);
      await page.getByRole('heading', { level: 1, name: 'Lesson not found' }).waitFor();
      await page.getByRole('alert').filter({ hasText: 'no-such-lesson' }).waitFor();
      assertClean(record, server);
      await context.close();
    });
    await withServer({ block: (path) => path === 'lessons/index.txt' }, async (server) => {
      const { page, context } = await openPage(browser);
      await page.goto(`${server.url}#/lessons`);
      await waitForApp(page);
      await page.getByRole('alert').filter({ hasText: 'lessons/index.txt could not be loaded: HTTP 404' }).waitFor();
      await context.close();
    });
  });

  test('lessons load under a sub-path with relative requests only', async () => {
    await withServer({ prefix: '/course/dockerlab/' }, async (server) => {
      const { page, context, record } = await openPage(browser);
      await page.goto(`${server.url}#/lessons/compose-ml-stack`);
      await waitForApp(page);
      await page.locator('[data-block="quiz"] fieldset.quiz').waitFor();
      assert.deepEqual(record.failedRequests, []);
      assert.ok(record.requests.every((url) => new URL(url).pathname.startsWith('/course/dockerlab/')), record.requests.join('\n'));
      await context.close();
    });
  });

  test('a lesson reads well in light and dark (screenshots in tests/e2e/output/)', async () => {
    await withServer({}, async (server) => {
      for (const colorScheme of ['light', 'dark']) {
        const { page, context } = await openPage(browser, { colorScheme });
        await page.goto(`${server.url}#/lessons/images-and-layers`);
        await waitForApp(page);
        await page.locator('[data-block="playground"] .tok-keyword').first().waitFor();
        await page.locator('[data-block="quiz"] fieldset.quiz').waitFor();
        await page.screenshot({ path: screenshotPath(`lesson-${colorScheme}.png`), fullPage: true });
        await context.close();
      }
    });
  });
});
