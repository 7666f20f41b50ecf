import { expect, test } from '@playwright/test';
import { aliveSenders, clickNode, graphEdgeDetails, graphNodes, logRow, openDashboard, sendWithSelects, toasts, showControls } from './support/dashboard.js';
import { resetLab, truthFaults } from './support/truth.js';

test.afterEach(() => resetLab());

test('a link fault set from two clicked nodes is drawn on its edge and slows the link; one on a node is written under it; Reset faults clears both @docker', async ({
  page,
}) => {
  await openDashboard(page);
  const [a, b, c] = (await aliveSenders(page)) as [string, string, string];

  // Click a, then b: the form's target is the link a → b.
  await clickNode(page, a);
  await clickNode(page, b);
  await showControls(page, 'Faults');
  await expect(page.getByLabel('Link fault target')).toHaveText(`${a} → ${b}`);
  await page.getByRole('spinbutton', { name: 'Latency (ms)' }).fill('150');
  await page.getByRole('spinbutton', { name: 'Jitter (ms)' }).fill('20');
  await page.getByRole('spinbutton', { name: 'Loss (%)' }).fill('0');
  await page.getByRole('button', { name: 'Apply link fault' }).click();
  await expect(toasts(page)).toContainText(`Link fault on ${a} → ${b}: 150±20 ms`);
  expect((await truthFaults()).links).toEqual([{ from: a, to: b, latencyMs: 150, jitterMs: 20, lossPct: 0 }]);
  await expect
    .poll(async () => (await graphEdgeDetails(page)).find((e) => e.id === `f:${a}->${b}`)?.label, { message: 'the edge carries the fault' })
    .toBe('150±20 ms');

  const slow = await sendWithSelects(page, a, b, 'through a slow link');
  await expect(logRow(page, slow).locator('td').nth(2)).toHaveText('delivered');
  const latency = Number.parseFloat((await logRow(page, slow).locator('td').nth(3).textContent()) ?? '');
  expect(latency).toBeGreaterThanOrEqual(125);

  // Click c alone (a third click starts over): the target is every link out of c.
  await clickNode(page, c);
  await showControls(page, 'Faults');
  await expect(page.getByLabel('Link fault target')).toHaveText(`all links out of ${c}`);
  await page.getByRole('spinbutton', { name: 'Latency (ms)' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Jitter (ms)' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Loss (%)' }).fill('100');
  await page.getByRole('button', { name: 'Apply link fault' }).click();
  await expect(toasts(page)).toContainText(`Link fault on all links out of ${c}: 100% loss`);
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === c)?.label).toBe(`${c}\n100% loss`);
  const lost = await sendWithSelects(page, c, a, 'into the void');
  await expect(logRow(page, lost).locator('td').nth(2)).toHaveText('failed (lost)');

  await showControls(page, 'Faults');
  await page.getByRole('button', { name: 'Reset faults' }).click();
  await expect(toasts(page)).toContainText('Faults reset');
  await expect.poll(async () => (await graphEdgeDetails(page)).some((e) => e.classes.includes('fault'))).toBe(false);
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === c)?.label).toBe(c);
  expect((await truthFaults()).links).toEqual([]);
});
