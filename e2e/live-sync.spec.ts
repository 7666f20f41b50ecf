import { expect, test } from '@playwright/test';
import { aliveSenders, graphNodes, logRow, openDashboard, readCounters, sendWithSelects } from './support/dashboard.js';
import { truthNodes, type TrafficAnswer } from './support/truth.js';

const statuses = (nodes: Array<{ id: string; status: string }>) => nodes.map((n) => `${n.id}:${n.status}`).sort();

test('two pages see the same message live', async ({ browser }) => {
  const [first, second] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [sender, watcher] = await Promise.all([first.newPage(), second.newPage()]);
    await Promise.all([openDashboard(sender), openDashboard(watcher)]);
    const [from, to] = (await aliveSenders(sender)) as [string, string];

    const id = await sendWithSelects(sender, from, to, `seen twice ${Date.now()}`);

    for (const page of [sender, watcher]) {
      await expect(logRow(page, id).locator('td').nth(0)).toHaveText(`${from}→${to}`);
      await expect(logRow(page, id).locator('td').nth(2)).toHaveText('delivered');
    }
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

test('a page reloaded mid-traffic ends with the same counters and statuses as one that stayed', async ({ browser }) => {
  const [first, second] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [stayed, reloaded] = await Promise.all([first.newPage(), second.newPage()]);
    await Promise.all([openDashboard(stayed), openDashboard(reloaded)]);
    // Nothing else runs: both pages settle on the same numbers before the traffic starts.
    await expect.poll(async () => readCounters(reloaded)).toEqual(await readCounters(stayed));
    const before = await readCounters(stayed);

    await stayed.getByRole('spinbutton', { name: 'Message count' }).fill('200');
    const response = stayed.waitForResponse((r) => r.url().endsWith('/api/traffic') && r.request().method() === 'POST');
    let answered = false;
    void response.then(() => (answered = true));
    await stayed.getByRole('button', { name: 'Random traffic' }).click();
    await expect(stayed.getByRole('button', { name: 'Random traffic' })).toBeDisabled();

    // Reload once the traffic shows on the other page, while it is still running.
    // Polled often: on pooled nodes of a quiet machine the 200 messages take a few hundred ms in all.
    await expect.poll(async () => (await readCounters(reloaded)).sent - before.sent, { intervals: [20] }).toBeGreaterThanOrEqual(20);
    const midTraffic = !answered;
    await reloaded.reload();
    expect(midTraffic, 'the reload happened while the traffic ran').toBe(true);
    await openDashboard(reloaded);

    const answer = (await (await response).json()) as TrafficAnswer;
    expect(answer.requested).toBe(200);
    expect(answer.delivered + answer.failed).toBe(200);
    const expected = { ...before, sent: before.sent + 200, delivered: before.delivered + answer.delivered, failed: before.failed + answer.failed };
    await expect.poll(async () => readCounters(stayed), { message: 'the page that stayed matches the answer' }).toEqual(expected);
    await expect.poll(async () => readCounters(reloaded), { message: 'the reloaded page matches the answer' }).toEqual(expected);

    await expect(async () => {
      const [a, b, truth] = await Promise.all([graphNodes(stayed), graphNodes(reloaded), truthNodes()]);
      expect(statuses(a)).toEqual(statuses(truth));
      expect(statuses(b)).toEqual(statuses(truth));
    }).toPass({ timeout: 10_000 });
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});
