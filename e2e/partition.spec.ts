import { expect, test } from '@playwright/test';
import {
  aliveSenders,
  graphEdgeDetails,
  logRow,
  nodeClasses,
  openDashboard,
  pickedGroup,
  sendWithSelects,
  shiftClickNode,
  shiftDragAround,
  toasts,
  showControls,
} from './support/dashboard.js';
import type { HookHost } from './support/hook.js';
import { resetLab, truthFaults } from './support/truth.js';

test.afterEach(() => resetLab());

const statusCell = (page: Parameters<typeof logRow>[0], id: string) => logRow(page, id).locator('td').nth(2);
const linkClasses = async (page: Parameters<typeof logRow>[0], from: string, to: string) =>
  (await graphEdgeDetails(page)).find((e) => e.id === `${from}->${to}`)?.classes ?? [];

test('shift-click a group, Partition: a send across the cut fails partitioned, drawn red and dashed; Heal: it is delivered @docker', async ({ page }) => {
  await openDashboard(page);
  const [a, b, c] = (await aliveSenders(page)) as [string, string, string];

  // Pick the group with the mouse: shift-click two nodes.
  await shiftClickNode(page, a);
  await shiftClickNode(page, b);
  await expect.poll(() => pickedGroup(page)).toEqual([a, b]);
  await showControls(page, 'Faults');
  await expect(page.getByLabel('Selected group')).toHaveText(`Group: ${a}, ${b}`);
  expect(await nodeClasses(page, a)).toContain('grouped');

  await page.getByRole('combobox', { name: 'Cut direction' }).selectOption('both');
  await page.getByRole('button', { name: 'Partition', exact: true }).click();
  await expect(toasts(page)).toContainText(`Partitioned ${a}, ${b} from the rest (both)`);
  await expect.poll(async () => (await truthFaults()).partition?.group.sort()).toEqual([a, b].sort());
  // The cut-off group is drawn haloed; the rest is not.
  await expect.poll(async () => [(await nodeClasses(page, a)).includes('cut'), (await nodeClasses(page, c)).includes('cut')]).toEqual([true, false]);

  // Across the cut, both ways: failed with the reason, in red, the link drawn cut (dashed).
  const out = await sendWithSelects(page, a, c, 'across the cut');
  await expect(statusCell(page, out)).toHaveText('failed (partitioned)');
  await expect(statusCell(page, out)).toHaveClass(/text-red/);
  await expect(toasts(page)).toContainText(`${a} → ${c} failed: partitioned`);
  await page.waitForFunction(
    (id) => (globalThis as unknown as HookHost).__peerscope?.edgeDetails().some((e) => e.id.startsWith(`m:${id}:`) && e.classes.includes('failed')),
    out,
    { polling: 'raf', timeout: 5_000 },
  );
  await expect.poll(() => linkClasses(page, a, c)).toContain('cut');
  const into = await sendWithSelects(page, c, a, 'into the cut');
  await expect(statusCell(page, into)).toHaveText('failed (partitioned)');
  // Inside the group nothing changed.
  const inside = await sendWithSelects(page, a, b, 'inside the group');
  await expect(statusCell(page, inside)).toHaveText('delivered');

  await showControls(page, 'Faults');
  await page.getByRole('button', { name: 'Heal' }).click();
  await expect(toasts(page)).toContainText('Healed the partition');
  await expect.poll(async () => (await truthFaults()).partition).toBeNull();
  await expect.poll(() => nodeClasses(page, a)).not.toContain('cut');
  await expect.poll(() => linkClasses(page, a, c)).not.toContain('cut');
  const healed = await sendWithSelects(page, a, c, 'across the cut');
  await expect(statusCell(page, healed)).toHaveText('delivered');
});

test('shift-drag a box round nodes adds them to the group; Clear group empties it; the keyboard can pick one too', async ({ page }) => {
  await openDashboard(page);
  const [a, b] = (await aliveSenders(page)) as [string, string];

  await shiftDragAround(page, a, 40);
  await expect.poll(() => pickedGroup(page)).toEqual([a]);
  await shiftDragAround(page, b, 40);
  await expect.poll(() => pickedGroup(page)).toEqual([a, b]);
  await showControls(page, 'Faults');
  await expect(page.getByLabel('Selected group')).toHaveText(`Group: ${a}, ${b}`);
  // Picking a group is not picking a sender.
  await showControls(page, 'Network');
  await expect(page.getByRole('combobox', { name: 'From' })).toHaveValue('');

  await showControls(page, 'Faults');
  await page.getByRole('button', { name: 'Clear group' }).click();
  await expect.poll(() => pickedGroup(page)).toEqual([]);
  await expect(page.getByRole('button', { name: 'Partition', exact: true })).toBeDisabled();

  // Without a mouse: the group picked from a list.
  await page.getByRole('combobox', { name: 'Pick for group' }).selectOption(b);
  await expect.poll(() => pickedGroup(page)).toEqual([b]);
  await expect(page.getByRole('button', { name: 'Partition', exact: true })).toBeEnabled();
});
