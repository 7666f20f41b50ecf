import { expect, test } from '@playwright/test';
import { aliveSenders, clickNode, clickSend, graphEdges, graphNodes, logRow, openDashboard, sendWithSelects, toasts } from './support/dashboard.js';
import type { HookHost } from './support/hook.js';
import { crashNode, startNodes, truthNode } from './support/truth.js';

test('click a node, click another, Send: the message is animated and logged delivered @docker', async ({ page }) => {
  await openDashboard(page);
  const [from, to] = (await aliveSenders(page)) as [string, string];

  await clickNode(page, from);
  await clickNode(page, to);
  await expect(page.getByRole('combobox', { name: 'From' })).toHaveValue(from);
  await expect(page.getByRole('combobox', { name: 'To' })).toHaveValue(to);
  const text = `hello ${test.info().testId}-${Date.now()}`;
  await page.getByRole('textbox', { name: 'Message text' }).fill(text);
  const id = await clickSend(page);

  // The edge animation for this very message starts and is drawn (it lives for 1.5 s).
  await page.waitForFunction(
    (messageId) => {
      const hook = (globalThis as unknown as HookHost).__peerscope;
      return hook !== undefined && messageId in hook.animations && hook.edges().some((e) => e.startsWith(`m:${messageId}:`));
    },
    id,
    { polling: 'raf', timeout: 5_000 },
  );

  const row = logRow(page, id);
  await expect(row.locator('td').nth(0)).toHaveText(`${from}→${to}`);
  await expect(row.locator('td').nth(1)).toHaveText(text);
  await expect(row.locator('td').nth(2)).toHaveText('delivered');
  await expect(row.locator('td').nth(3)).toHaveText(/^\d+(\.\d+)? m?s$/);
  await expect(toasts(page)).toContainText(`${from} → ${to} delivered in`);
});

test('a send to a crashed node is logged failed with its reason @docker', async ({ page }) => {
  await openDashboard(page);
  const [victim] = (await startNodes(1)) as [string];
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === victim)?.status).toBe('alive');
  await crashNode(victim);
  // Waiting for dead keeps the victim out of random traffic in later specs, too.
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === victim)?.status, { timeout: 5_000 }).toBe('dead');
  expect((await truthNode(victim))?.status).toBe('dead');

  const [from] = (await aliveSenders(page)) as [string];
  const id = await sendWithSelects(page, from, victim, 'anyone there?');

  const row = logRow(page, id);
  await expect(row.locator('td').nth(0)).toHaveText(`${from}→${victim}`);
  await expect(row.locator('td').nth(2)).toHaveText('failed (peer_unreachable)');
  await expect(toasts(page)).toContainText(`${from} → ${victim} failed: peer_unreachable`);
});

test("an attacker's posts to a node: a made-up sender is logged from outside with no link, a claimed node as sender not verified", async ({ page }) => {
  await openDashboard(page);
  const [claimed, target] = (await aliveSenders(page)) as [string, string];
  const url = (await truthNode(target))!.url;
  const stamp = Date.now();
  const post = (body: Record<string, unknown>) =>
    fetch(`${url}/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const outside = `outside-${stamp}`;
  const claim = `claim-${stamp}`;
  expect((await post({ sender: `mallory-${stamp}`, msg: 'hi', id: outside })).status).toBe(200);
  expect((await post({ sender: claimed, from: claimed, msg: 'trust me', id: claim })).status).toBe(200);

  await expect(logRow(page, outside)).toHaveAttribute('data-sender', 'outside');
  await expect(logRow(page, outside).locator('td').nth(0)).toContainText('from outside');
  // The node took it (200): it reads received, not sent as if still on its way.
  await expect(logRow(page, outside).locator('td').nth(2)).toHaveText('received');
  await expect(logRow(page, claim)).toHaveAttribute('data-sender', 'unverified');
  await expect(logRow(page, claim).locator('td').nth(0)).toContainText('sender not verified');
  // The mark is on the sender's name, so the route stays whole (a badge after it was cut short).
  const route = logRow(page, claim).locator('td').nth(0);
  await expect(route.locator('[title^="sender not verified"]')).toHaveText(`${claimed}? (sender not verified)`);
  expect(await route.evaluate((td) => td.scrollWidth - td.clientWidth), 'pixels of the route cut off').toBeLessThanOrEqual(0);
  expect((await graphEdges(page)).some((id) => id.includes('mallory'))).toBe(false);
  // The claimed link is drawn (both ends are nodes); a link with only claims on it is dashed.
  await expect.poll(async () => (await graphEdges(page)).includes(`${claimed}->${target}`)).toBe(true);
});
