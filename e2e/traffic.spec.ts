import { expect, test } from '@playwright/test';
import { logRows, openDashboard, readCounters, toasts } from './support/dashboard.js';
import type { TrafficAnswer } from './support/truth.js';

test('Random traffic of 50 messages: Delivered rises by exactly 50 and the log shows them delivered', async ({ page }) => {
  await openDashboard(page);
  const before = await readCounters(page);
  const oldRows = new Set((await logRows(page)).map((r) => r.id));
  const newRows = async () => (await logRows(page)).filter((r) => !oldRows.has(r.id));

  await page.getByRole('spinbutton', { name: 'Message count' }).fill('50');
  const response = page.waitForResponse((r) => r.url().endsWith('/api/traffic') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Random traffic' }).click();
  expect((await (await response).json()) as TrafficAnswer).toEqual({ requested: 50, delivered: 50, failed: 0 });
  await expect(toasts(page)).toContainText('Random traffic: 50 delivered, 0 failed');

  await expect.poll(async () => (await readCounters(page)).delivered - before.delivered).toBe(50);
  expect(await readCounters(page)).toEqual({ ...before, sent: before.sent + 50, delivered: before.delivered + 50 });

  await expect.poll(async () => (await newRows()).filter((r) => r.status === 'delivered').length).toBe(50);
  const rows = await newRows();
  expect(rows).toHaveLength(50);
  for (const row of rows) {
    expect(row.text).toMatch(/^random /);
    expect(row.latency).toMatch(/^\d+(\.\d+)? ms$/);
  }
});
