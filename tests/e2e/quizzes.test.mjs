// The quizzes in a real headless Chromium against the release dist/: the page with a section per kind, one test
// per kind (misconception with confidence, predict-the-rebuild graded by the simulator, interview practice with
// its review queue, fix-this-Dockerfile graded by the engine), and the progress store: saved across reloads,
// exported and imported, reset, reset with a notice when corrupt, and in memory when storage is blocked.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { foreignRequests, launchBrowser, openPage, screenshotPath, serveDist, waitForApp } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function withPage(body, options = {}) {
  const server = await serveDist();
  const { page, context, record } = await openPage(browser, options);
  try {
    await body({ page, context, record, server });
  } finally {
    await context.close();
    await server.close();
  }
}

function assertClean(record, server) {
  assert.deepEqual(record.consoleErrors, []);
  assert.deepEqual(record.pageErrors, []);
  assert.deepEqual(record.failedRequests, []);
  assert.deepEqual(foreignRequests(record, server.origin), []);
}

describe('quizzes', () => {
  test('the page lists every kind with its items', async () => {
    for (const colorScheme of ['light', 'dark']) {
      await withPage(async ({ page, record, server }) => {
        await page.goto(server.url + '#/quizzes');
        await waitForApp(page);
        await page.getByRole('heading', { level: 1, name: 'Quizzes' }).waitFor();
        const counts = {};
        for (const [kind, title, min] of [
          ['misconceptions', 'Misconceptions', 30],
          ['predict', 'Predict the rebuild', 5],
          ['interview', 'Interview practice', 15],
          ['exercises', 'Fix this Dockerfile', 10],
        ]) {
          await page.getByRole('heading', { level: 2, name: title }).waitFor();
          const items = page.locator(`.quiz-list[data-kind="${kind}"] li`);
          await items.first().waitFor();
          counts[kind] = await items.count();
          assert.ok(counts[kind] >= min, `${kind}: ${counts[kind]} items`);
        }
        assert.equal(await page.locator('.notice-error').count(), 0, 'no quiz file has a problem');
        await page.screenshot({ path: screenshotPath(`quizzes-${colorScheme}.png`), fullPage: false });
        assertClean(record, server);
      }, { colorScheme });
    }
  });

  test('a misconception needs an answer and a confidence before it reveals every explanation', async () => {
    await withPage(async ({ page, context, record, server }) => {
      await page.goto(server.url + '#/quizzes/misconceptions/image-vs-container');
      await waitForApp(page);
      const commit = page.getByRole('button', { name: 'Commit my answer' });
      await commit.waitFor();
      assert.equal(await page.locator('.quiz-why').count(), 0);
      await page.locator('fieldset.quiz').getByRole('radio').nth(1).check();
      assert.equal(await commit.isDisabled(), true, 'a confidence is still missing');
      await page.getByRole('radio', { name: 'Certain' }).check();
      await commit.click();
      const options = await page.locator('fieldset.quiz').getByRole('radio').count();
      await page.locator('.quiz-why').nth(options - 1).waitFor();
      assert.match(await page.locator('.quiz-result').textContent(), /^Right\./);
      await page.screenshot({ path: screenshotPath('quiz-misconception.png') });
      // The answer is saved: a fresh page of the same browser profile shows it in the list.
      const second = await context.newPage();
      await second.goto(server.url + '#/quizzes/misconceptions');
      await waitForApp(second);
      const entry = second.locator('.quiz-entry').filter({ hasText: 'docker run -d churn-api' });
      await entry.locator('.quiz-status', { hasText: 'answered right' }).waitFor();
      assertClean(record, server);
    });
  });

  test('predict the rebuild is graded line by line by the cache simulator, in the quizzes and in lessons', async () => {
    await withPage(async ({ page, record, server }) => {
      await page.goto(server.url + '#/quizzes/predict/code-edit');
      await waitForApp(page);
      await page.getByRole('checkbox', { name: 'Line 4 rebuilds' }).check();
      await page.getByRole('checkbox', { name: 'Line 5 rebuilds' }).check();
      await page.getByRole('button', { name: 'Check my prediction' }).click();
      await page.getByText(/Not quite: 0 missed, 1 marked that stay cached/).waitFor();
      assert.equal(await page.locator('.predict-line[data-line="4"]').getAttribute('data-state'), 'extra');
      assert.equal(await page.locator('.predict-line[data-line="5"]').getAttribute('data-state'), 'right');
      await page.locator('table.simulated-build').getByText('runs again').waitFor();
      await page.screenshot({ path: screenshotPath('quiz-predict.png'), fullPage: true });
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('checkbox', { name: 'Line 5 rebuilds' }).check();
      await page.getByRole('button', { name: 'Check my prediction' }).click();
      await page.getByText('Right: exactly those lines rebuild.').waitFor();

      await page.goto(server.url + '#/lessons/images-and-layers');
      const block = page.locator('[data-block="predict"]');
      await block.getByRole('button', { name: 'Check my prediction' }).click();
      await block.locator('.quiz-result').filter({ hasText: /missed/ }).waitFor();
      assertClean(record, server);
    });
  });

  test('interview practice reveals a model answer, takes a self-grade and reschedules the question', async () => {
    await withPage(async ({ page, record, server }) => {
      await page.goto(server.url + '#/quizzes/interview');
      await waitForApp(page);
      const heading = page.getByRole('heading', { level: 2, name: /To review today/ });
      await heading.waitFor();
      const due = Number((await heading.textContent()).match(/\d+/)[0]);
      assert.ok(due >= 15, `${due} due`);
      await page.getByRole('link', { name: 'Start the review' }).click();
      await page.getByLabel(/Your answer/).fill('Same stack everywhere: CUDA, libraries, Python.');
      assert.equal(await page.locator('.model-answer').count(), 0);
      await page.getByRole('button', { name: 'Reveal the model answer' }).click();
      await page.locator('.checklist input[type="checkbox"]').first().check();
      await page.getByText(/^1 of \d+ points made\.$/).waitFor();
      await page.getByRole('button', { name: 'Got it' }).click();
      await page.getByText('Box 2: it comes back in 2 days.').waitFor();
      await page.screenshot({ path: screenshotPath('quiz-interview.png'), fullPage: true });
      await page.getByRole('link', { name: /Next in the review queue/ }).waitFor();
      await page.goto(server.url + '#/quizzes/interview');
      await page.getByRole('heading', { level: 2, name: `To review today: ${due - 1}` }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Scheduled for later' }).waitFor();
      assertClean(record, server);
    });
  });

  test('a fix-this-Dockerfile exercise is checked by the engine until every goal passes', async () => {
    await withPage(async ({ page, record, server }) => {
      await page.goto(server.url + '#/quizzes/exercises/deps-before-code');
      await waitForApp(page);
      await page.getByRole('button', { name: 'Check the goals' }).click();
      await page.locator('.goal-result[data-passed="false"]').first().waitFor();
      assert.match(await page.locator('.quiz-result').textContent(), /goals pass\. Keep editing\./);
      const solution = await page.locator('.exercise-solution pre').textContent();
      await page.getByLabel('Dockerfile').fill(solution);
      await page.getByRole('button', { name: 'Check the goals' }).click();
      await page.getByText('Every goal passes. Well done.').waitFor();
      assert.equal(await page.locator('.goal-result[data-passed="false"]').count(), 0);
      await page.screenshot({ path: screenshotPath('quiz-exercise.png'), fullPage: true });
      // The draft is kept.
      await page.reload();
      await waitForApp(page);
      assert.equal(await page.getByLabel('Dockerfile').inputValue(), solution);
      assertClean(record, server);
    });
  });

  test('progress exports, imports and resets', async () => {
    await withPage(async ({ page, record, server }) => {
      await page.goto(server.url + '#/quizzes/predict/code-edit');
      await waitForApp(page);
      await page.getByRole('checkbox', { name: 'Line 5 rebuilds' }).check();
      await page.getByRole('button', { name: 'Check my prediction' }).click();
      await page.goto(server.url + '#/quizzes');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export progress' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'dockerlab-progress.json');
      const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
      assert.equal(exported.version, 1);
      assert.deepEqual(exported.predict['code-edit'], { attempts: 1, solved: true });

      page.once('dialog', (dialog) => dialog.accept());
      await page.getByRole('button', { name: 'Reset progress' }).click();
      await page.getByText('Your progress was reset.').waitFor();
      await page.locator('.quiz-list[data-kind="predict"] .quiz-status').first().filter({ hasText: 'not tried' }).waitFor();

      await page.getByLabel('Import progress').setInputFiles({
        name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "oops"'),
      });
      await page.getByText(/could not be imported \(it is not JSON\); nothing was changed/).waitFor();
      await page.getByLabel('Import progress').setInputFiles({
        name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)),
      });
      await page.getByText('Progress imported.').waitFor();
      await page.locator('.quiz-list[data-kind="predict"] .quiz-status').first().filter({ hasText: 'solved' }).waitFor();
      assertClean(record, server);
    });
  });

  test('a corrupt store resets with a notice, and a blocked store keeps everything working in memory', async () => {
    await withPage(async ({ page, context, record, server }) => {
      await context.addInitScript(() => {
        if (!sessionStorage.getItem('seeded')) {
          localStorage.setItem('dockerlab.progress', '{"version": 1, "misconceptions": "garbage"');
          sessionStorage.setItem('seeded', '1');
        }
      });
      await page.goto(server.url + '#/quizzes');
      await waitForApp(page);
      await page.getByText(/Your saved progress could not be read \(it is not JSON\), so it starts again/).waitFor();
      assertClean(record, server);
    });
    await withPage(async ({ page, context, record, server }) => {
      await context.addInitScript(() => {
        Object.defineProperty(window, 'localStorage', {
          get() {
            throw new DOMException('The document is sandboxed', 'SecurityError');
          },
        });
      });
      await page.goto(server.url + '#/quizzes/misconceptions/root-by-default');
      await waitForApp(page);
      await page.locator('fieldset.quiz').getByRole('radio').first().check();
      await page.getByRole('radio', { name: 'Guessing' }).check();
      await page.getByRole('button', { name: 'Commit my answer' }).click();
      await page.locator('.quiz-result').filter({ hasText: /^Right\./ }).waitFor();
      await page.getByRole('link', { name: 'Quizzes' }).first().click();
      await page.getByText(/does not let the page store data here/).waitFor();
      await page.getByText('Progress is kept in memory only.').waitFor();
      // Kept in memory for the life of the tab.
      await page.locator('.quiz-status', { hasText: 'answered right' }).first().waitFor();
      assertClean(record, server);
    });
  });
});
