// The Compose lesson's live block in a real headless Chromium: the graph, the simulated `up` timeline and the
// findings render, turning on the `train` profile adds the training job to the timeline, and editing the file
// updates the findings. The playground's Compose panel shows the same stack. No console errors, no failed requests.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { foreignRequests, launchBrowser, openPage, serveDist, waitForApp } from './support.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the Compose block simulates up, follows the profile toggle and the edits', async () => {
  const server = await serveDist();
  try {
    const { page, context, record } = await openPage(browser);
    await page.goto(`${server.url}#/lessons/compose-ml-stack`);
    await waitForApp(page);
    const block = page.getByRole('region', { name: 'The local ML stack' });
    await block.waitFor();
    await block.getByRole('img', { name: 'Service graph' }).waitFor();

    const timeline = block.getByRole('list', { name: 'Timeline' });
    const train = timeline.locator('li[data-service="train"]');
    await train.waitFor();
    assert.match(await train.innerText(), /not started: only in profile train/);
    assert.match(await block.locator('.compose-command').innerText(), /^docker compose up$/);
    const before = await timeline.innerText();

    await block.getByRole('checkbox', { name: 'Profile train' }).check();
    await block.locator('.compose-command', { hasText: 'docker compose --profile train up' }).waitFor();
    assert.match(await train.innerText(), /starts at .*exits at .*profile train enabled/);
    assert.ok((await train.locator('.compose-bar-job').count()) === 1, 'the training job has a run bar');
    assert.notEqual(await timeline.innerText(), before);

    // The lesson's stack has only port findings; an unpinned image adds one, located on its line.
    const findings = block.getByRole('region', { name: 'Compose findings' });
    assert.doesNotMatch(await findings.innerText(), /compose-image-unpinned/);
    const editor = block.getByRole('textbox', { name: 'Compose file' });
    const text = await editor.inputValue();
    await editor.fill(text.replace('redis:7.4-alpine', 'redis:latest'));
    await findings.getByText('compose-image-unpinned').waitFor();
    assert.match(await findings.innerText(), /line 3 warning compose-image-unpinned/);

    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(record.pageErrors, []);
    assert.deepEqual(record.failedRequests, []);
    assert.deepEqual(foreignRequests(record, server.origin), []);
    await context.close();
  } finally {
    await server.close();
  }
});

test('the playground has a Compose panel with the course stack', async () => {
  const server = await serveDist();
  try {
    const { page, context, record } = await openPage(browser);
    await page.goto(`${server.url}#/playground`);
    await waitForApp(page);
    await page.getByRole('group', { name: 'Panels' }).getByRole('button', { name: 'Compose' }).click();
    const panel = page.getByRole('region', { name: 'Compose', exact: true });
    await panel.getByRole('img', { name: 'Service graph' }).waitFor();
    const timeline = panel.getByRole('list', { name: 'Timeline' });
    assert.match(await timeline.locator('li[data-service="api"]').innerText(), /healthy at/);
    await panel.getByRole('combobox', { name: 'Command' }).selectOption({ label: 'run --rm train' });
    await panel.locator('.compose-command', { hasText: 'docker compose run --rm train' }).waitFor();
    assert.match(await timeline.locator('li[data-service="train"]').innerText(), /exits at/);
    assert.deepEqual(record.consoleErrors, []);
    assert.deepEqual(record.pageErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});
