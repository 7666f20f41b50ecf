import { expect, test, type Locator, type Page } from '@playwright/test';
import { clickNode, aliveSenders, graphNodes, logRow, openDashboard, screenPosition, sendWithSelects, showControls } from './support/dashboard.js';

type Box = { x: number; y: number; width: number; height: number };
/** The window, as seen from a page function (the specs compile without the DOM's types). */
type Win = { innerWidth: number; innerHeight: number; document: { documentElement: { scrollWidth: number; scrollHeight: number } } };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not on screen`);
  return box;
}

/** Inside the viewport as it is, without scrolling anything. */
async function expectInView(page: Page, locator: Locator): Promise<void> {
  await expect(locator).toBeVisible();
  const box = await boxOf(locator);
  const { width, height } = page.viewportSize()!;
  expect(box.x, `${locator} starts inside the window`).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${locator} ends inside the window`).toBeLessThanOrEqual(width);
  expect(box.y + box.height, `${locator} is above the fold`).toBeLessThanOrEqual(height);
  // Not merely inside the window: shown there, not scrolled away inside its column.
  expect(await locator.evaluate((el) => el.getBoundingClientRect().top >= (el.closest('[role=tabpanel]')?.getBoundingClientRect().top ?? 0))).toBe(true);
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const area = (b: Box) => b.width * b.height;

const regions = (page: Page) => ({
  header: page.getByRole('banner'),
  graph: page.getByRole('main', { name: 'Network' }),
  controls: page.getByRole('complementary', { name: 'Controls' }),
  details: page.getByRole('complementary', { name: 'Details' }),
});

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('every primary action is in view, or one click away on a visible tab; the graph has the most room', async ({ page }) => {
    await openDashboard(page);
    // A node selected, so its Crash and Remove are live.
    const [node] = (await aliveSenders(page)) as [string];
    await clickNode(page, node);

    for (const name of ['Add node', 'Send', 'Random traffic', 'Broadcast', 'Gossip', 'Crash node', 'Remove node']) {
      await expectInView(page, page.getByRole('button', { name, exact: true }));
    }
    await expect(page.getByRole('button', { name: 'Crash node' })).toBeEnabled();

    await expectInView(page, page.getByRole('tab', { name: 'Faults' }));
    await showControls(page, 'Faults');
    for (const name of ['Partition', 'Heal', 'Reset faults', 'Apply link fault']) {
      await expectInView(page, page.getByRole('button', { name, exact: true }));
    }

    // The graph is the largest region of the page, larger than both side columns together.
    const boxes = Object.fromEntries(await Promise.all(Object.entries(regions(page)).map(async ([key, locator]) => [key, await boxOf(locator)] as const)));
    expect(area(boxes.graph!)).toBeGreaterThan(area(boxes.controls!) + area(boxes.details!));
    // Nothing scrolls the page itself.
    expect(
      await page.evaluate(() => {
        const { document, innerWidth, innerHeight } = globalThis as unknown as Win;
        return [document.documentElement.scrollWidth <= innerWidth, document.documentElement.scrollHeight <= innerHeight];
      }),
    ).toEqual([true, true]);
  });
});

test.describe('at 1024×640', () => {
  test.use({ viewport: { width: 1024, height: 640 } });

  test('nothing overlaps: the regions sit side by side inside the window, and no control spills out of its column', async ({ page }) => {
    await openDashboard(page);
    const boxes = await Promise.all(Object.entries(regions(page)).map(async ([key, locator]) => [key, await boxOf(locator)] as const));
    for (const [key, box] of boxes) {
      expect(box.x, key).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, key).toBeLessThanOrEqual(1024);
      expect(box.y + box.height, key).toBeLessThanOrEqual(640);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, boxA] = boxes[i]!;
        const [b, boxB] = boxes[j]!;
        expect(overlap(boxA, boxB), `${a} and ${b} overlap`).toBe(false);
      }
    }
    // Every control of each tab stays within the controls column, and no two overlap.
    const column = await boxOf(regions(page).controls);
    for (const tab of ['Network', 'Faults'] as const) {
      await showControls(page, tab);
      const panel = page.getByRole('tabpanel', { name: tab });
      const controls = await panel.locator('button, input, select').evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          // Positions within the panel's scrolled content, so controls below the fold compare too.
          const scroller = el.closest('[role=tabpanel]')!;
          return { name: el.getAttribute('aria-label') ?? el.textContent ?? '', x: r.x, y: r.y + scroller.scrollTop, width: r.width, height: r.height };
        }),
      );
      expect(controls.length).toBeGreaterThan(5);
      for (const c of controls) {
        expect(c.x, `${c.name} inside the column`).toBeGreaterThanOrEqual(column.x - 1);
        expect(c.x + c.width, `${c.name} inside the column`).toBeLessThanOrEqual(column.x + column.width + 1);
      }
      for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
          expect(overlap(controls[i]!, controls[j]!), `${controls[i]!.name} and ${controls[j]!.name} overlap`).toBe(false);
        }
      }
    }
    expect(
      await page.evaluate(() => {
        const { document, innerWidth } = globalThis as unknown as Win;
        return document.documentElement.scrollWidth <= innerWidth;
      }),
    ).toBe(true);
  });
});

test.describe('at 1366×768', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('the graph fits itself again when its box changes size: every node and its label stay clear of the legend', async ({ page }) => {
    await openDashboard(page);
    // A shorter window after the first fit, as the page's rows settling or a resize makes it.
    await page.setViewportSize({ width: 1366, height: 620 });
    const ids = (await graphNodes(page)).map((node) => node.id);
    expect(ids.length).toBeGreaterThan(0);
    await expect
      .poll(async () => {
        const legendTop = (await boxOf(page.getByRole('list', { name: 'Legend' }))).y;
        const graphTop = (await boxOf(page.getByRole('img', { name: 'Network graph' }))).y;
        const positions = await Promise.all(ids.map((id) => screenPosition(page, id)));
        // The label sits under the circle: 40 px below the centre leaves room for both.
        return positions.filter(({ y }) => y + 40 > legendTop || y < graphTop).length;
      })
      .toBe(0);
  });

  test('a log row shows its sender and receiver whole, up to four-digit ids (node1000→node1000)', async ({ page }) => {
    await openDashboard(page);
    const [from, to] = (await aliveSenders(page)) as [string, string];
    const id = await sendWithSelects(page, from, to, 'who talks to whom');
    const cell = logRow(page, id).locator('td').first();
    await expect(cell).toContainText(`${from}→${to}`);
    // The widest route the log is sized for, written into a real row's cell (the page is closed after).
    const clipped = await cell.evaluate((td) => {
      td.textContent = 'node1000→node1000';
      return td.scrollWidth - td.clientWidth;
    });
    expect(clipped, 'pixels of the route cut off').toBeLessThanOrEqual(0);
  });

  test("the message log's columns fit their words: no header or latency spills out of its cell", async ({ page }) => {
    await openDashboard(page);
    const clipped = await page
      .getByRole('region', { name: 'Message log' })
      .locator('th')
      .evaluateAll((cells) => cells.filter((cell) => cell.scrollWidth > cell.clientWidth).map((cell) => cell.textContent));
    expect(clipped).toEqual([]);
  });
});
