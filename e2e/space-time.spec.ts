import { expect, test, type Page } from '@playwright/test';
import type { DiagramArrow, DiagramPicture } from '../apps/dashboard/lib/common/test-hook-types.js';
import { aliveSenders, graphEdgeDetails, logRow, nodeClasses, nodeStatus, openDashboard, sendWithSelects, showControls } from './support/dashboard.js';
import type { HookHost } from './support/hook.js';
import { DASHBOARD_URL } from './support/system.js';
import { crashNode, removeNode, resetLab, startNodes } from './support/truth.js';

test.afterEach(() => resetLab());

const diagram = (page: Page): Promise<DiagramPicture | undefined> => page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.diagram?.());
const arrowOf = async (page: Page, id: string): Promise<DiagramArrow | undefined> => (await diagram(page))?.arrows.find((a) => a.id === id);
const xOf = (picture: DiagramPicture, node: string) => picture.lifelines.find((l) => l.node === node)!.x;

async function post(path: string, body: unknown, method = 'POST'): Promise<{ id?: string; status?: string; error?: { code: string } }> {
  const response = await fetch(`${DASHBOARD_URL}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as { id?: string; status?: string };
}

/** The diagram's state of an arrow, once it has one (its last event may still be on its way). */
async function expectArrow(page: Page, id: string, state: DiagramArrow['state']): Promise<DiagramArrow> {
  try {
    await expect.poll(async () => (await arrowOf(page, id))?.state, { message: `arrow ${id} drawn ${state}` }).toBe(state);
  } catch (error) {
    // What the diagram held instead, to tell a message never seen from a diagram that stopped laying out.
    const picture = await diagram(page);
    const held = { following: picture?.following, arrows: picture?.arrows.length, last: picture?.arrows.slice(-3).map((a) => [a.id, a.state]) };
    throw new Error(`${(error as Error).message}\nthe diagram held: ${JSON.stringify(held)}`, { cause: error });
  }
  return (await arrowOf(page, id))!;
}

test('the space-time diagram: a send across a partition and back, a crash mid-traffic, linked to the graph and the log, in logical order', async ({ page }) => {
  test.setTimeout(120_000);
  await openDashboard(page);
  const [a, c] = (await aliveSenders(page)) as [string, string];
  const [victim] = (await startNodes(1)) as [string];
  try {
    await expect.poll(() => nodeStatus(page, victim)).toBe('alive');

    // Open the panel; lifelines for the nodes picked on the graph.
    await page.getByRole('button', { name: 'Open the space-time diagram' }).click();
    const panel = page.getByRole('region', { name: 'Space-time diagram panel' });
    await panel.getByRole('combobox', { name: 'Lifelines' }).selectOption('selected');
    await showControls(page, 'Faults');
    for (const id of [a, c, victim]) await page.getByRole('combobox', { name: 'Pick for group' }).selectOption(id);
    await expect.poll(async () => (await diagram(page))?.lifelines.map((l) => l.node).sort()).toEqual([a, c, victim].sort());
    await expect(panel.getByRole('button', { name: `Lifeline ${victim}`, exact: true })).toBeVisible();

    // Across a partition and back: both fail `partitioned`, each a cross on its sender's side.
    expect((await post('/api/faults/partition', { group: [a], direction: 'both' })).error).toBeUndefined();
    const out = await sendWithSelects(page, a, c, 'across the cut');
    const back = await sendWithSelects(page, c, a, 'back across the cut');
    for (const [id, from, to] of [
      [out, a, c],
      [back, c, a],
    ] as const) {
      const arrow = await expectArrow(page, id, 'failed');
      const picture = (await diagram(page))!;
      expect([arrow.from, arrow.to, arrow.error?.code]).toEqual([from, to, 'partitioned']);
      expect(arrow.x1).toBe(xOf(picture, from));
      expect(Math.abs(arrow.x2 - xOf(picture, from)), 'the cross is nearer the sender').toBeLessThan(Math.abs(arrow.x2 - xOf(picture, to)));
    }
    await expect.poll(async () => (await diagram(page))?.marks.filter((m) => m.kind === 'cut').map((m) => m.node)).toContain(a);

    // Healed: delivered both ways, each arrow from its sender's lifeline down to its receiver's.
    await post('/api/faults/partition', {}, 'DELETE');
    await expect.poll(async () => (await diagram(page))?.marks.some((m) => m.kind === 'healed' && m.node === a)).toBe(true);
    const there = await sendWithSelects(page, a, c, 'healed there');
    const home = await sendWithSelects(page, c, a, 'healed back');
    for (const [id, from, to] of [
      [there, a, c],
      [home, c, a],
    ] as const) {
      const arrow = await expectArrow(page, id, 'delivered');
      const picture = (await diagram(page))!;
      expect([arrow.x1, arrow.x2]).toEqual([xOf(picture, from), xOf(picture, to)]);
      expect(arrow.y2, 'the receipt is below the send').toBeGreaterThan(arrow.y1);
    }

    // Hover an arrow: the same message lights up on the graph (its link and both nodes) and in the log.
    const point = await page.evaluate((id) => (globalThis as unknown as HookHost).__peerscope?.revealArrow?.(id), there);
    expect(point, 'the arrow can be pointed at').toBeTruthy();
    await page.mouse.move(point!.x, point!.y);
    await expect.poll(async () => (await arrowOf(page, there))?.highlighted).toBe(true);
    await expect(page.getByRole('tooltip')).toContainText(`${a} → ${c}`);
    await expect
      .poll(async () => [(await nodeClasses(page, a)).includes('highlight-end'), (await nodeClasses(page, c)).includes('highlight-end')])
      .toEqual([true, true]);
    const link = (await graphEdgeDetails(page)).find((e) => e.id === `${a}->${c}`);
    if (link) await expect.poll(async () => (await graphEdgeDetails(page)).find((e) => e.id === `${a}->${c}`)?.classes).toContain('highlight');
    await expect(logRow(page, there)).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByRole('button', { name: 'Follow ↓' }), 'scrolled back: the diagram holds still').toBeVisible();
    await page.mouse.move(1, 1);
    await expect.poll(async () => (await arrowOf(page, there))?.highlighted).toBe(false);

    // The reverse: hovering the log's row lights the arrow up.
    await logRow(page, home).hover();
    await expect.poll(async () => (await arrowOf(page, home))?.highlighted).toBe(true);
    await page.mouse.move(1, 1);
    await page.getByRole('button', { name: 'Follow ↓' }).click();
    await expect.poll(async () => (await diagram(page))?.following).toBe(true);

    // A crash mid-traffic: sends to the victim before it are delivered, after it fail with the reason.
    const before: string[] = [];
    for (let i = 0; i < 3; i++) before.push((await post('/api/messages', { from: a, to: victim, text: `before ${i}` })).id!);
    await crashNode(victim);
    const after: string[] = [];
    for (let i = 0; i < 3; i++) after.push((await post('/api/messages', { from: c, to: victim, text: `after ${i}` })).id!);
    for (const id of before) await expectArrow(page, id, 'delivered');
    for (const id of after) {
      const arrow = await expectArrow(page, id, 'failed');
      expect(['peer_unreachable', 'timeout']).toContain(arrow.error?.code);
      expect(arrow.error?.message.length).toBeGreaterThan(0);
    }
    await expect
      .poll(async () => (await diagram(page))?.marks.filter((m) => m.node === victim).map((m) => m.kind), {
        timeout: 10_000,
        message: 'the crash on its lifeline',
      })
      .toContain('dead');

    // Logical order: arrows ranked by Lamport clock, every receipt below its send.
    await page.getByRole('button', { name: 'Logical (Lamport)' }).click();
    await expect.poll(async () => (await diagram(page))?.order).toBe('logical');
    const logical = (await diagram(page))!;
    const received = logical.arrows.filter((x) => x.state === 'delivered' && x.lamport.received !== undefined);
    expect(received.length).toBeGreaterThanOrEqual(5);
    for (const arrow of received) {
      expect(arrow.lamport.sent!, `${arrow.id}: clocks`).toBeLessThan(arrow.lamport.received!);
      expect(arrow.y2, `${arrow.id}: the receipt is below the send`).toBeGreaterThan(arrow.y1);
    }
    // Sends drawn where they happened (a stub from a node with no lifeline here starts at its receipt).
    const sends = logical.arrows.filter((x) => x.lamport.sent !== undefined && x.offDiagram !== 'from');
    for (const x of sends)
      for (const y of sends)
        if (x.lamport.sent! < y.lamport.sent!) expect(x.y1, `${x.id} (L ${x.lamport.sent}) above ${y.id} (L ${y.lamport.sent})`).toBeLessThan(y.y1);

    // A lifeline's header selects its node, as a click on the graph does.
    expect(await nodeClasses(page, a)).not.toContain('from');
    await panel.getByRole('button', { name: `Lifeline ${a}`, exact: true }).click();
    await expect.poll(() => nodeClasses(page, a)).toContain('from');
  } finally {
    await removeNode(victim).catch(() => undefined);
  }
});
