import { expect, test } from '@playwright/test';
import {
  aliveSenders,
  contextMenu,
  graphNodes,
  nodeDetails,
  openDashboard,
  pickedGroup,
  readCounters,
  rightClickEdge,
  rightClickNode,
  shiftClickNode,
  toasts,
} from './support/dashboard.js';
import type { HookHost } from './support/hook.js';
import { resetLab, truthFaults, truthNode } from './support/truth.js';

test.use({ viewport: { width: 1280, height: 720 } });
test.afterEach(() => resetLab());

const cursor = (page: Parameters<typeof openDashboard>[0]) => page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.cursor());

test('a node’s menu: Pause and Resume, Send to…, Add to group and Link fault… do what they say', async ({ page }) => {
  await openDashboard(page);
  const [a, b] = (await aliveSenders(page)) as [string, string];

  await rightClickNode(page, a);
  const menu = contextMenu(page, `Actions for ${a}`);
  await expect(menu).toBeVisible();
  await menu.getByRole('menuitem', { name: 'Pause' }).click();
  await expect(menu).toBeHidden();
  await expect.poll(async () => (await truthFaults()).paused).toEqual([a]);

  await rightClickNode(page, a);
  await contextMenu(page, `Actions for ${a}`).getByRole('menuitem', { name: 'Resume' }).click();
  await expect.poll(async () => (await truthFaults()).paused).toEqual([]);

  // Send to… opens the list of receivers; picking one sends the message, and it is delivered.
  const { delivered } = await readCounters(page);
  await rightClickNode(page, a);
  await contextMenu(page, `Actions for ${a}`).getByRole('menuitem', { name: 'Send to…' }).click();
  await page
    .getByRole('menu', { name: `Send from ${a} to` })
    .getByRole('menuitem', { name: b, exact: true })
    .click();
  await expect(toasts(page)).toContainText(`${a} → ${b} delivered`);
  await expect.poll(async () => (await readCounters(page)).delivered).toBeGreaterThan(delivered);

  await rightClickNode(page, b);
  await contextMenu(page, `Actions for ${b}`).getByRole('menuitem', { name: 'Add to group' }).click();
  await expect.poll(() => pickedGroup(page)).toEqual([b]);

  // Link fault… selects the node and puts the keyboard in the form, on every link out of it.
  await rightClickNode(page, a);
  await contextMenu(page, `Actions for ${a}`).getByRole('menuitem', { name: 'Link fault…' }).click();
  await expect(page.getByLabel('Link fault target')).toHaveText(`all links out of ${a}`);
  await expect(page.getByRole('spinbutton', { name: 'Latency (ms)' })).toBeFocused();
});

test('a node’s menu: Crash kills it (the registry and the picture say dead), a dead node’s menu offers only what it can take; Remove takes it away', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openDashboard(page);
  // Two nodes of this test's own; starting processes can take a while on a loaded machine.
  const started = await page.request.post('/api/nodes', { data: { count: 2 }, timeout: 60_000 });
  expect(started.status()).toBe(201);
  const [crashed, removed] = ((await started.json()) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id) as [string, string];
  await expect
    .poll(async () => (await graphNodes(page)).filter((n) => [crashed, removed].includes(n.id) && n.status === 'alive').length, { timeout: 20_000 })
    .toBe(2);

  await rightClickNode(page, crashed);
  await contextMenu(page, `Actions for ${crashed}`).getByRole('menuitem', { name: 'Crash' }).click();
  await expect(toasts(page)).toContainText(`Crashed ${crashed}`);
  await expect.poll(async () => (await truthNode(crashed))?.status, { timeout: 6_000 }).toBe('dead');
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === crashed)?.status).toBe('dead');

  // Dead, it can only come back or go: Crash and Broadcast are off and say why; Remove forgets it at once.
  await rightClickNode(page, crashed);
  const deadMenu = contextMenu(page, `Actions for ${crashed}`);
  for (const name of ['Crash', 'Broadcast']) {
    await expect(deadMenu.getByRole('menuitem', { name })).toBeDisabled();
    await expect(deadMenu.getByRole('menuitem', { name })).toHaveAttribute('title', `${crashed} is dead: restart or remove it`);
  }
  await deadMenu.getByRole('menuitem', { name: 'Remove' }).click();
  await expect(toasts(page)).toContainText(`Removed ${crashed}`);
  await expect.poll(() => truthNode(crashed)).toBeUndefined();
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === crashed)).toBe(false);

  await rightClickNode(page, removed);
  await contextMenu(page, `Actions for ${removed}`).getByRole('menuitem', { name: 'Remove' }).click();
  await expect.poll(() => truthNode(removed)).toBeUndefined();
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === removed)).toBe(false);
});

test('an edge’s menu: Send along it delivers a message on that link; Link fault… targets that link', async ({ page }) => {
  await openDashboard(page);
  const [a, b] = (await aliveSenders(page)) as [string, string];
  // A link fault is drawn as an edge of its own, which stays while the fault does (a used link fades).
  const fault = await page.request.put('/api/faults/links', { data: { from: a, to: b, latencyMs: 5, jitterMs: 0, lossPct: 0 } });
  expect(fault.status()).toBe(200);
  const edge = `f:${a}->${b}`;

  const { delivered } = await readCounters(page);
  await rightClickEdge(page, edge);
  const menu = contextMenu(page, `Actions for the link ${a} → ${b}`);
  await menu.getByRole('menuitem', { name: 'Send along it' }).click();
  await expect(toasts(page)).toContainText(`${a} → ${b} delivered`);
  await expect.poll(async () => (await readCounters(page)).delivered).toBeGreaterThan(delivered);

  await rightClickEdge(page, edge);
  await contextMenu(page, `Actions for the link ${a} → ${b}`).getByRole('menuitem', { name: 'Link fault…' }).click();
  await expect(page.getByLabel('Link fault target')).toContainText(`${a} → ${b}`);
  await expect(page.getByRole('spinbutton', { name: 'Latency (ms)' })).toHaveValue('5');
});

test('a picked group’s menu: Partition cuts exactly that group off', async ({ page }) => {
  await openDashboard(page);
  const [a, b] = (await aliveSenders(page)) as [string, string];
  await shiftClickNode(page, a);
  await shiftClickNode(page, b);
  await expect.poll(() => pickedGroup(page)).toEqual([a, b]);

  await rightClickNode(page, a);
  await contextMenu(page, 'Actions for 2 nodes').getByRole('menuitem', { name: 'Partition' }).click();
  await expect.poll(async () => (await truthFaults()).partition?.group.sort()).toEqual([a, b].sort());
});

test('from the keyboard: arrows move between nodes, Enter selects, Shift+F10 opens the focused node’s menu', async ({ page }) => {
  await openDashboard(page);
  const graph = page.getByRole('application', { name: /Network graph/ });
  await graph.focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => cursor(page)).toBeDefined();
  const first = (await cursor(page))!;
  expect((await graphNodes(page)).find((n) => n.id === first)?.classes).toContain('cursor');
  // Some arrow moves it on (a network of several nodes has a neighbour in some direction).
  for (const key of ['ArrowDown', 'ArrowLeft', 'ArrowUp', 'ArrowRight']) {
    await page.keyboard.press(key);
    if ((await cursor(page)) !== first) break;
  }
  const picked = (await cursor(page))!;
  expect(picked).not.toBe(first);

  await page.keyboard.press('Enter');
  await expect(nodeDetails(page).getByRole('heading')).toHaveText(`Node ${picked}`);

  await page.keyboard.press('Shift+F10');
  const menu = contextMenu(page, `Actions for ${picked}`);
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
});
