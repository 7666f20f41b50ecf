import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { aliveSenders, clickNode, graphEdges, logRows, openDashboard, readCounters, toasts } from './support/dashboard.js';

test.use({ viewport: { width: 1440, height: 900 } });

/** Refreshes the README's picture: `UPDATE_SCREENSHOT=1 npx playwright test readme-screenshot`. */
test('README screenshot: the dashboard mid-traffic', async ({ page }, testInfo) => {
  test.skip(process.env.UPDATE_SCREENSHOT !== '1', 'set UPDATE_SCREENSHOT=1 to refresh docs/screenshot.png');
  await openDashboard(page);

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
