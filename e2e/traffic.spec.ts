import { expect, test } from '@playwright/test';
import { activityLines, counter, logRows, openDashboard, readCounters, toasts } from './support/dashboard.js';
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

  // Reading the virtualised log screen by screen takes a while once it holds its 500 rows (the suite's earlier specs).
  await expect.poll(async () => (await newRows()).filter((r) => r.status === 'delivered').length, { timeout: 30_000 }).toBe(50);
  const rows = await newRows();
  expect(rows).toHaveLength(50);
  for (const row of rows) {
    expect(row.text).toMatch(/^random /);
    expect(row.latency).toMatch(/^\d+(\.\d+)? m?s$/);
  }
});

test('the traffic generator: 20 msg/s for 2 s, every message accounted for; a longer run stops on Stop traffic', async ({ page }) => {
  await openDashboard(page);
  const before = await readCounters(page);
  const status = page.getByLabel('Traffic generator');

  await page.getByRole('spinbutton', { name: 'Rate (msg/s)' }).fill('20');
  await page.getByRole('spinbutton', { name: 'Duration (s)' }).fill('2');
  await page.getByRole('button', { name: 'Start traffic' }).click();
  await expect(toasts(page)).toContainText('Traffic started: 20 msg/s for 2 s');
  await expect(status).toHaveAttribute('data-running', 'true');
  await expect(page.getByRole('button', { name: 'Start traffic' })).toBeDisabled();
  await expect(status).toHaveAttribute('data-running', 'false', { timeout: 10_000 });

  // The generator's own count, the page's counters and the log all agree.
  const [, sent, delivered, failed] = /(\d+) sent, (\d+) delivered, (\d+) failed/.exec((await status.textContent()) ?? '')!.map(Number) as [
    number,
    number,
    number,
    number,
  ];
  expect(sent).toBeGreaterThanOrEqual(30);
  expect(delivered + failed).toBe(sent);
  await expect
    .poll(async () => readCounters(page))
    .toEqual({ ...before, sent: before.sent + sent, delivered: before.delivered + delivered, failed: before.failed + failed });
  // A failed send would add its reason after the totals: "… 1 failed (timeout 1)".
  const stopped = `traffic stopped: ${sent} sent, ${delivered} delivered, ${failed} failed`;
  const lines = await activityLines(page);
  expect(lines).toContain('traffic started: 20 msg/s for 2 s');
  expect(lines.some((line) => line === stopped || line.startsWith(`${stopped} (`))).toBe(true);

  await page.getByRole('spinbutton', { name: 'Duration (s)' }).fill('60');
  await page.getByRole('button', { name: 'Start traffic' }).click();
  await expect(status).toHaveAttribute('data-running', 'true');
  await page.getByRole('button', { name: 'Stop traffic' }).click();
  await expect(toasts(page)).toContainText('Traffic stopped:');
  await expect(status).toHaveAttribute('data-running', 'false');
  await expect(page.getByRole('button', { name: 'Start traffic' })).toBeEnabled();
});

test('Msgs/s shows the pace while traffic runs and falls back to 0.0 once it stops', async ({ page }) => {
  await openDashboard(page);
  const rate = counter(page, 'Msgs/s');
  const status = page.getByLabel('Traffic generator');
  // The rate covers the last 5 s: earlier specs' messages have left it by then.
  await expect(rate).toHaveText('0.0', { timeout: 10_000 });

  await page.getByRole('spinbutton', { name: 'Rate (msg/s)' }).fill('20');
  await page.getByRole('spinbutton', { name: 'Duration (s)' }).fill('2');
  await page.getByRole('button', { name: 'Start traffic' }).click();
  await expect.poll(async () => Number(await rate.textContent())).toBeGreaterThan(0);
  await expect(status).toHaveAttribute('data-running', 'false', { timeout: 10_000 });
  // No event comes once the generator has stopped; the rate still falls on its own.
  await expect(rate).toHaveText('0.0', { timeout: 10_000 });
});
