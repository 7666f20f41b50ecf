import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  aliveSenders,
  clickNode,
  contextMenu,
  graphEdges,
  logRows,
  openDashboard,
  readCounters,
  rightClickNode,
  sendWithSelects,
  showControls,
  toasts,
} from './support/dashboard.js';

test.use({ viewport: { width: 1440, height: 900 } });

/** Refreshes the README's picture: `UPDATE_SCREENSHOT=1 npx playwright test readme-screenshot`. */
test('README screenshot: the dashboard mid-traffic', async ({ page }, testInfo) => {
  test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to refresh docs/screenshot.png');
  await openDashboard(page);
  await page.getByRole('region', { name: 'First minute' }).getByRole('button', { name: 'Got it' }).click();

  // Some history in the log first, then a node selected and a burst of traffic on the way.
  await page.getByRole('spinbutton', { name: 'Message count' }).fill('40');
  const warmUp = page.waitForResponse((r) => r.url().endsWith('/api/traffic'));
  await page.getByRole('button', { name: 'Random traffic' }).click();
  await warmUp;
  await expect.poll(async () => (await logRows(page)).length).toBeGreaterThanOrEqual(40);
  // A toast over the log would hide it: let the warm-up's one go (they last 4 s).
  await expect(toasts(page).locator('div')).toHaveCount(0, { timeout: 10_000 });
  const { sent } = await readCounters(page);

  const [from, to] = (await aliveSenders(page)) as [string, string];
  await clickNode(page, from);
  await clickNode(page, to);

  await page.getByRole('spinbutton', { name: 'Message count' }).fill('300');
  const burst = page.waitForResponse((r) => r.url().endsWith('/api/traffic'));
  await page.getByRole('button', { name: 'Random traffic' }).click();
  // Mid-animation: many message edges in flight, and the counters already moving.
  await expect
    .poll(async () => (await graphEdges(page)).filter((e) => e.startsWith('m:')).length >= 8 && (await readCounters(page)).sent >= sent + 8, {
      intervals: [50],
    })
    .toBe(true);
  await page.screenshot({ path: resolve(testInfo.project.testDir, '..', 'docs', 'screenshot.png') });
  await burst;
});

test('README screenshot: the space-time diagram beside the graph', async ({ page }, testInfo) => {
  test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to refresh docs/space-time.png');
  await openDashboard(page);
  await page.getByRole('region', { name: 'First minute' }).getByRole('button', { name: 'Got it' }).click();
  await page.getByRole('button', { name: 'Open the space-time diagram' }).click();
  const [a, b, c] = (await aliveSenders(page)) as [string, string, string];
  await showControls(page, 'Faults');
  for (const id of [a, b, c]) await page.getByRole('combobox', { name: 'Pick for group' }).selectOption(id);
  const panel = page.getByRole('region', { name: 'Space-time diagram panel' });
  await panel.getByRole('combobox', { name: 'Lifelines' }).selectOption('selected');
  // A few sends each way, one across a partition (a crossed failure), then healed.
  for (const [from, to] of [
    [a, b],
    [b, c],
    [c, a],
    [a, c],
  ] as const)
    await sendWithSelects(page, from, to, `to ${to}`);
  await page.request.post('/api/faults/partition', { data: { group: [a], direction: 'both' } });
  await sendWithSelects(page, a, b, 'across the cut');
  await page.request.delete('/api/faults/partition');
  for (const [from, to] of [
    [b, a],
    [c, b],
  ] as const)
    await sendWithSelects(page, from, to, `to ${to}`);
  await expect(toasts(page).locator('div')).toHaveCount(0, { timeout: 10_000 });
  await page.screenshot({ path: resolve(testInfo.project.testDir, '..', 'docs', 'space-time.png') });
});

test.describe('on a laptop screen', () => {
  test.use({ viewport: { width: 1280, height: 720 } });
  const docs = (testInfo: { project: { testDir: string } }, name: string) => resolve(testInfo.project.testDir, '..', 'docs', name);

  /** `UPDATE_SCREENSHOT=1 npx playwright test readme-screenshot`: docs/context-menu.png. */
  test('README screenshot: a node’s context menu', async ({ page }, testInfo) => {
    test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to refresh docs/context-menu.png');
    await openDashboard(page);
    await page.getByRole('region', { name: 'First minute' }).getByRole('button', { name: 'Got it' }).click();
    const [node] = (await aliveSenders(page)) as [string];
    await rightClickNode(page, node);
    await expect(contextMenu(page, `Actions for ${node}`)).toBeVisible();
    await page.screenshot({ path: docs(testInfo, 'context-menu.png') });
    await page.keyboard.press('Escape');
  });

  /** docs/command-palette.png: the palette completing node ids. */
  test('README screenshot: the command palette', async ({ page }, testInfo) => {
    test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to refresh docs/command-palette.png');
    await openDashboard(page);
    await page.getByRole('region', { name: 'First minute' }).getByRole('button', { name: 'Got it' }).click();
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('gossip from node');
    await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option').first()).toBeVisible();
    await page.screenshot({ path: docs(testInfo, 'command-palette.png') });
  });
});
