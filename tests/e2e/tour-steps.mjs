// The steps of a tour through the whole app, shared by the tour (online, under the Content-Security-Policy) and
// the offline tests: every lesson of the course index, every playground panel at work, a question of each quiz
// kind. Each step waits for what it does to show, so a step that cannot work fails by timing out.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dist } from './support.mjs';

/** The lesson ids in `lessons/index.txt` of the dist under test: its file names without `.md`. */
export async function indexedLessons() {
  const index = await readFile(join(dist, 'lessons', 'index.txt'), 'utf8');
  return index
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.replace(/\.md$/, ''));
}

/** Opens every lesson and waits for its live blocks, quiz questions included. */
export async function visitLessons(page, base, ids) {
  for (const id of ids) {
    await page.goto(`${base}#/lessons/${id}`);
    await page.locator('h1#lesson-title').waitFor();
    await page.locator('.block[data-block]').first().waitFor();
    const quizzes = page.locator('[data-block="quiz"]');
    for (let i = 0; i < (await quizzes.count()); i += 1) {
      await quizzes.nth(i).locator('fieldset.quiz').waitFor();
    }
    assert.equal(await page.locator('.notice-error').count(), 0, `${id} shows no problem`);
  }
}

async function openPanel(page, name) {
  await page.getByRole('group', { name: 'Panels' }).getByRole('button', { name, exact: true }).click();
  const region = page.getByRole('region', { name, exact: true });
  await region.waitFor();
  return region;
}

/** Every playground panel, each used a little: events, predictions, fixes, edits and inputs. */
export async function usePlayground(page, base) {
  await page.goto(`${base}#/playground`);
  await page.getByRole('textbox', { name: 'Dockerfile' }).waitFor();
  await page.getByLabel('Preset').selectOption('bad-order');

  const layers = await openPanel(page, 'Layers');
  const bar = layers.locator('.layer-bar').first();
  await bar.waitFor();
  // The bars' widths come from style attributes, which the policy must let through.
  assert.notEqual(await bar.evaluate((node) => getComputedStyle(node).getPropertyValue('--share').trim()), '');
  await layers.locator('.layer').filter({ hasText: 'pip install' }).first().focus();

  const cache = await openPanel(page, 'Build cache');
  await cache.locator('[data-build="1"]').waitFor();
  const events = ['Edit code', 'New model', 'Change requirements', 'Move the base tag', 'Change a build arg'];
  for (const [index, name] of events.entries()) {
    await cache.getByRole('button', { name }).click();
    await cache.locator(`[data-build="${index + 2}"]`).waitFor();
  }
  await cache.getByLabel('Predict first').check();
  await cache.getByRole('button', { name: 'Edit code' }).click();
  const form = cache.locator('fieldset.predict-form');
  await form.getByRole('checkbox').last().check();
  await form.getByRole('button', { name: 'Rebuild and check' }).click();
  await cache.getByRole('status').filter({ hasText: /Right|Not quite/ }).waitFor();
  await cache.getByLabel('Predict first').uncheck();
  await cache.getByRole('button', { name: 'Start over' }).click();

  const lint = await openPanel(page, 'Lint');
  await lint.locator('.finding').first().waitFor();
  const before = await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue();
  await lint.getByRole('button', { name: /^Fix: / }).first().click();
  assert.notEqual(await page.getByRole('textbox', { name: 'Dockerfile' }).inputValue(), before);

  const context = await openPanel(page, 'Context');
  await context.getByRole('textbox', { name: '.dockerignore' }).fill('data/\n.venv/\n.env\n');
  await context.locator('.file-ignored').filter({ hasText: '.env' }).first().waitFor();
  await context.getByLabel('New file').fill('notes/todo.md');
  await context.getByRole('button', { name: 'Add file' }).click();
  await context.getByRole('button', { name: 'Remove notes/todo.md' }).waitFor();

  const strategies = await openPanel(page, 'Model strategies');
  const imageRow = strategies.getByRole('row', { name: /Image size/ });
  const first = await imageRow.textContent();
  await strategies.getByLabel('Model size').fill('5000');
  assert.notEqual(await imageRow.textContent(), first);

  const compose = await openPanel(page, 'Compose');
  await compose.getByRole('img', { name: 'Service graph' }).waitFor();
  await compose.getByRole('combobox', { name: 'Command' }).selectOption({ label: 'run --rm train' });
  await compose.locator('.compose-command', { hasText: 'docker compose run --rm train' }).waitFor();

  await page.getByRole('button', { name: 'Share link' }).click();
  assert.match(await page.locator('.share-url').inputValue(), /#\/playground\?s=1\./);
}

/** A question of each quiz kind answered, then the progress exported. */
export async function useQuizzes(page, base) {
  await page.goto(`${base}#/quizzes`);
  await page.getByRole('heading', { level: 1, name: 'Quizzes' }).waitFor();
  await page.locator('.quiz-list[data-kind="exercises"] li').first().waitFor();

  await page.goto(`${base}#/quizzes/misconceptions/image-vs-container`);
  await page.locator('fieldset.quiz').getByRole('radio').nth(1).check();
  await page.getByRole('radio', { name: 'Certain' }).check();
  await page.getByRole('button', { name: 'Commit my answer' }).click();
  await page.locator('.quiz-result').waitFor();

  await page.goto(`${base}#/quizzes/predict/code-edit`);
  await page.getByRole('checkbox', { name: 'Line 5 rebuilds' }).check();
  await page.getByRole('button', { name: 'Check my prediction' }).click();
  await page.getByText('Right: exactly those lines rebuild.').waitFor();

  await page.goto(`${base}#/quizzes/interview`);
  await page.getByRole('link', { name: 'Start the review' }).click();
  await page.getByLabel(/Your answer/).fill('Same stack everywhere.');
  await page.getByRole('button', { name: 'Reveal the model answer' }).click();
  await page.locator('.checklist input[type="checkbox"]').first().check();
  await page.getByRole('button', { name: 'Got it' }).click();
  await page.getByText(/it comes back in/).waitFor();

  await page.goto(`${base}#/quizzes/exercises/deps-before-code`);
  const solution = await page.locator('.exercise-solution pre').textContent();
  await page.getByLabel('Dockerfile').fill(solution);
  await page.getByRole('button', { name: 'Check the goals' }).click();
  await page.getByText('Every goal passes. Well done.').waitFor();

  // The export is a download of a blob the page makes. Every list is loaded first, so that leaving the page next
  // aborts nothing still in flight.
  await page.goto(`${base}#/quizzes`);
  for (const kind of ['misconceptions', 'predict', 'interview', 'exercises']) {
    await page.locator(`.quiz-list[data-kind="${kind}"] li`).first().waitFor();
  }
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export progress' }).click(),
  ]);
  assert.equal(file.suggestedFilename(), 'dockerlab-progress.json');
}
