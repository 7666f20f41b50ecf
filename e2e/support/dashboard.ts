import { expect, type Locator, type Page } from '@playwright/test';
import type { GossipCoverage, GraphEdge, GraphNode, HookHost } from './hook.js';

export interface Counters {
  nodesAlive: number;
  sent: number;
  delivered: number;
  failed: number;
}

/** Opens the dashboard and waits until it is live and has drawn the network. */
export async function openDashboard(page: Page): Promise<void> {
  await page.goto('/');
  // Generous: on a machine shared with other test runs the first connection can take seconds.
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Live', { timeout: 15_000 });
  await expect.poll(async () => (await graphNodes(page)).length, { message: 'the graph draws the network' }).toBeGreaterThan(0);
}

export function graphNodes(page: Page): Promise<GraphNode[]> {
  return page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.nodes() ?? []);
}

export function graphEdges(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.edges() ?? []);
}

/** Message ids whose edge animation has started on this page. */
export function animatedMessages(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys((globalThis as unknown as HookHost).__peerscope?.animations ?? {}));
}

/** Alive nodes that can send (peerscope nodes, not classic ones), as the page draws them. */
export async function aliveSenders(page: Page): Promise<string[]> {
  return (await graphNodes(page)).filter((n) => n.status === 'alive' && n.kind === 'peerscope').map((n) => n.id);
}

/** The page's counters as numbers (`Msgs/s` is a rate and left out). */
export async function readCounters(page: Page): Promise<Counters> {
  const read = async (name: string) => Number(await page.locator(`dl[aria-label="Counters"] dd[data-counter="${name}"]`).textContent());
  return { nodesAlive: await read('Nodes alive'), sent: await read('Sent'), delivered: await read('Delivered'), failed: await read('Failed') };
}

export const counter = (page: Page, name: string): Locator => page.locator(`dl[aria-label="Counters"] dd[data-counter="${name}"]`);
export const toasts = (page: Page): Locator => page.locator('[role="status"][aria-live="polite"]');
export const nodeDetails = (page: Page): Locator => page.getByRole('region', { name: 'Node details' });
export const logRow = (page: Page, messageId: string): Locator => page.locator(`tr[data-message-id="${messageId}"]`);

export interface LogRow {
  id: string;
  route: string;
  text: string;
  status: string;
  latency: string;
}

/**
 * The rows the message log shows, newest first. The log is virtualised (only the rows in view are
 * in the page), so it is read a screenful at a time from the top, then scrolled back.
 */
export async function logRows(page: Page): Promise<LogRow[]> {
  const scroller = page.getByTestId('message-log-scroll');
  const seen = new Map<string, LogRow>();
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  for (let screen = 0; screen < 1_000; screen++) {
    const rows = await page.locator('tr[data-message-id]').evaluateAll((trs) =>
      trs.map((row) => {
        const cell = (i: number) => row.children[i]?.textContent ?? '';
        return { id: row.getAttribute('data-message-id') ?? '', route: cell(0), text: cell(1), status: cell(2), latency: cell(3) };
      }),
    );
    for (const row of rows) if (!seen.has(row.id)) seen.set(row.id, row);
    const atEnd = await scroller.evaluate(async (el) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollBy(0, el.clientHeight);
      const host = globalThis as unknown as HookHost;
      await new Promise<void>((resolve) => host.requestAnimationFrame(() => host.requestAnimationFrame(resolve)));
      return false;
    });
    if (atEnd) break;
  }
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  return [...seen.values()];
}

/**
 * Clicks a node on the Cytoscape canvas where the test hook says it is drawn, once its position
 * holds still for a couple of frames (a joining node refits the graph), and checks it got focus.
 * A refit can still land between reading the position and the click (a node of the previous test
 * rejoining, say); then the click found empty canvas and is made again where the node now is.
 */
export async function clickNode(page: Page, id: string): Promise<void> {
  await expect(async () => {
    const { x, y } = await screenPosition(page, id);
    await page.mouse.click(x, y);
    await expect(nodeDetails(page).getByRole('heading')).toHaveText(`Node ${id}`, { timeout: 2_000 });
  }).toPass({ timeout: 10_000 });
}

/** Shows one tab of the controls column: Network (nodes, messages, traffic) or Faults. */
export async function showControls(page: Page, tab: 'Network' | 'Faults'): Promise<void> {
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
}

/** Sends one message from the page with the From/To selects; resolves with the message id. */
export async function sendWithSelects(page: Page, from: string, to: string, text: string): Promise<string> {
  await showControls(page, 'Network');
  await page.getByRole('combobox', { name: 'From' }).selectOption(from);
  await page.getByRole('combobox', { name: 'To' }).selectOption(to);
  await page.getByRole('textbox', { name: 'Message text' }).fill(text);
  return clickSend(page);
}

/** Clicks Send and resolves with the id the dashboard's answer gives the message. */
export async function clickSend(page: Page): Promise<string> {
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/messages') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Send' }).click();
  const response = await answer;
  expect(response.status()).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

export function graphEdgeDetails(page: Page): Promise<GraphEdge[]> {
  return page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.edgeDetails() ?? []);
}

/** The nodes picked as a group on the page (shift-click, shift-drag). */
export function pickedGroup(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.group() ?? []);
}

export function gossipCoverage(page: Page, id?: string): Promise<GossipCoverage | undefined> {
  return page.evaluate((gossipId) => (globalThis as unknown as HookHost).__peerscope?.gossip(gossipId), id);
}

export function activityLines(page: Page): Promise<string[]> {
  return page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.activity() ?? []);
}

export async function nodeStatus(page: Page, id: string): Promise<string | undefined> {
  return (await graphNodes(page)).find((n) => n.id === id)?.status;
}

export async function nodeClasses(page: Page, id: string): Promise<string[]> {
  return (await graphNodes(page)).find((n) => n.id === id)?.classes ?? [];
}

/** Where a node is drawn on the page, once it holds still (see clickNode). */
export async function screenPosition(page: Page, id: string): Promise<{ x: number; y: number }> {
  let position: { x: number; y: number } | undefined;
  await expect
    .poll(
      async () => {
        const [before, after] = await page.evaluate(async (nodeId) => {
          const host = globalThis as unknown as HookHost;
          const first = host.__peerscope?.position(nodeId);
          await new Promise<void>((resolve) => host.requestAnimationFrame(() => host.requestAnimationFrame(resolve)));
          return [first, host.__peerscope?.position(nodeId)];
        }, id);
        position = after;
        return before !== undefined && after !== undefined && before.x === after.x && before.y === after.y;
      },
      { message: `${id} is drawn and holds still` },
    )
    .toBe(true);
  const box = await page.getByRole('img', { name: 'Network graph' }).boundingBox();
  if (!box || !position) throw new Error('the network graph is not on screen');
  return { x: box.x + position.x, y: box.y + position.y };
}

/** Right-clicks a node where it is drawn: its context menu opens. */
export async function rightClickNode(page: Page, id: string): Promise<void> {
  const { x, y } = await screenPosition(page, id);
  await page.mouse.click(x, y, { button: 'right' });
}

/** Right-clicks the middle of an edge (by its graph id, e.g. `node1->node2`). */
export async function rightClickEdge(page: Page, edgeId: string): Promise<void> {
  let middle: { x: number; y: number } | undefined;
  await expect
    .poll(async () => (middle = await page.evaluate((id) => (globalThis as unknown as HookHost).__peerscope?.edgePosition(id), edgeId)), {
      message: `${edgeId} is drawn`,
    })
    .toBeDefined();
  const box = await page.getByRole('img', { name: 'Network graph' }).boundingBox();
  if (!box || !middle) throw new Error('the network graph is not on screen');
  await page.mouse.click(box.x + middle.x, box.y + middle.y, { button: 'right' });
}

/** The context menu that is open, by its name ("Actions for node7"). */
export const contextMenu = (page: Page, name: string): Locator => page.getByRole('menu', { name, exact: true });

/**
 * Shift-clicks a node: it joins the picked group (or leaves it). As in clickNode, a refit can land
 * between reading the position and the click; a shift-click on empty canvas does nothing, so the
 * click is made again where the node now is until the node's place in the group has changed.
 */
export async function shiftClickNode(page: Page, id: string): Promise<void> {
  const wasPicked = (await pickedGroup(page)).includes(id);
  await expect(async () => {
    const { x, y } = await screenPosition(page, id);
    await page.keyboard.down('Shift');
    try {
      await page.mouse.click(x, y);
    } finally {
      await page.keyboard.up('Shift');
    }
    await expect.poll(async () => (await pickedGroup(page)).includes(id), { timeout: 2_000 }).toBe(!wasPicked);
  }).toPass({ timeout: 10_000 });
}

/** Shift-drags a selection box round one node (`margin` pixels each side of its centre). */
export async function shiftDragAround(page: Page, id: string, margin = 24): Promise<void> {
  // A box adds and never takes away, so one that missed (a refit moved the node) is drawn again.
  await expect(async () => {
    const { x, y } = await screenPosition(page, id);
    await page.keyboard.down('Shift');
    try {
      await page.mouse.move(x - margin, y - margin);
      await page.mouse.down();
      await page.mouse.move(x, y, { steps: 4 });
      await page.mouse.move(x + margin, y + margin, { steps: 4 });
      await page.mouse.up();
    } finally {
      await page.keyboard.up('Shift');
    }
    await expect.poll(async () => (await pickedGroup(page)).includes(id), { timeout: 2_000 }).toBe(true);
  }).toPass({ timeout: 10_000 });
}
