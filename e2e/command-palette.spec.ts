import { expect, test, type Page } from '@playwright/test';
import { aliveSenders, clickNode, gossipCoverage, graphNodes, openDashboard, readCounters, toasts } from './support/dashboard.js';
import { resetLab, truthFaults, truthNode } from './support/truth.js';

test.use({ viewport: { width: 1280, height: 720 } });
test.afterEach(() => resetLab());

const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });

/** Opens the palette with Ctrl-K, types a command and runs it with Enter. */
async function run(page: Page, command: string): Promise<void> {
  await page.keyboard.press('Control+k');
  await expect(palette(page)).toBeVisible();
  await palette(page).getByRole('combobox').fill(command);
  await expect(palette(page).getByRole('option').first()).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
}

test('what is typed right after Ctrl K goes to the palette, even while it first loads, and runs no shortcut', async ({ page }) => {
  await openDashboard(page);
  const [a] = (await aliveSenders(page)) as [string];
  // A node selected: a "c" that reached the page's shortcuts would crash it.
  await clickNode(page, a);
  await page.keyboard.press('Control+k');
  await page.keyboard.type(`crash ${a}`);
  await expect(palette(page).getByRole('combobox')).toHaveValue(`crash ${a}`);
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  expect((await truthNode(a))?.status).toBe('alive');
  await expect(toasts(page)).not.toContainText('Crash');
});

test('a command typed and entered at once after Ctrl K runs, even while the palette first loads', async ({ page }) => {
  await openDashboard(page);
  const [a, b] = (await aliveSenders(page)) as [string, string];
  await page.keyboard.press('Control+k');
  await page.keyboard.type(`partition ${a} ${b}`);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await truthFaults()).partition?.group.sort()).toEqual([a, b].sort());
  await expect(palette(page)).toBeHidden();
});

test("the header's Commands button names keys that open the palette here", async ({ page }) => {
  await openDashboard(page);
  const keys = (
    await page
      .getByRole('button', { name: /^Commands/ })
      .locator('kbd')
      .innerText()
  ).trim();
  // As Playwright spells a chord: "Ctrl K" is Control+K; "⌘K" would be Meta+K, which Linux and Windows do not have.
  const chord = keys.replace(/^Ctrl\s*/, 'Control+').replace(/^⌘\s*/, 'Meta+');
  expect(chord).toBe('Control+K');
  await page.keyboard.press(chord);
  await expect(palette(page)).toBeVisible();
});

test('the palette runs each kind of action by name with its target', async ({ page }) => {
  await openDashboard(page);
  const [a, b, c] = (await aliveSenders(page)) as [string, string, string];

  // random traffic <count>
  const { sent } = await readCounters(page);
  const traffic = page.waitForResponse((r) => r.url().endsWith('/api/traffic'));
  await run(page, 'random traffic 10');
  expect(((await (await traffic).json()) as { requested: number }).requested).toBe(10);
  await expect.poll(async () => (await readCounters(page)).sent).toBeGreaterThanOrEqual(sent + 10);

  // send <from> <to> <text>
  await run(page, `send ${a} ${b} from the palette`);
  await expect(toasts(page)).toContainText(`${a} → ${b} delivered`);

  // gossip from <node>
  await run(page, `gossip from ${c}`);
  await expect.poll(async () => (await gossipCoverage(page))?.origin).toBe(c);

  // partition <nodes…>, heal
  await run(page, `partition ${a} ${b}`);
  await expect.poll(async () => (await truthFaults()).partition?.group.sort()).toEqual([a, b].sort());
  await run(page, 'heal');
  await expect.poll(async () => (await truthFaults()).partition).toBeNull();

  // pause <node>, reset faults
  await run(page, `pause ${c}`);
  await expect.poll(async () => (await truthFaults()).paused).toEqual([c]);
  await run(page, 'reset faults');
  await expect.poll(async () => (await truthFaults()).paused).toEqual([]);

  // add node, then crash <node> on the new one
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/nodes') && r.request().method() === 'POST');
  await run(page, 'add node 1');
  const [added] = ((await (await answer).json()) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id) as [string];
  // Drawn once registered, which can take seconds on a loaded machine.
  await expect.poll(async () => (await graphNodes(page)).find((n) => n.id === added)?.status, { timeout: 20_000 }).toBe('alive');
  await run(page, `crash ${added}`);
  await expect.poll(async () => (await truthNode(added))?.status, { timeout: 6_000 }).toBe('dead');
});

test('node ids are completed: a partly typed id lists the nodes it can be, and picking one runs the command', async ({ page }) => {
  await openDashboard(page);
  const [a] = (await aliveSenders(page)) as [string];
  await page.keyboard.press('Control+k');
  const box = palette(page).getByRole('combobox');
  await box.fill('gossip fr');
  // A command not yet whole completes the text instead of running.
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('gossip from ');
  await expect(palette(page).getByRole('option', { name: new RegExp(`^gossip from ${a}\\b`) })).toBeVisible();

  await box.pressSequentially(a.slice(0, -1));
  await palette(page)
    .getByRole('option', { name: new RegExp(`^gossip from ${a}\\b`) })
    .click();
  await expect(palette(page)).toBeHidden();
  await expect.poll(async () => (await gossipCoverage(page))?.origin).toBe(a);
});

test('`?` opens the keyboard shortcuts; the single-key shortcuts act on the selected node', async ({ page }) => {
  await openDashboard(page);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row')).not.toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  const [a] = (await aliveSenders(page)) as [string];
  await clickNode(page, a);
  await page.keyboard.press('p');
  await expect.poll(async () => (await truthFaults()).paused).toEqual([a]);
  await page.keyboard.press('Shift+R');
  await expect.poll(async () => (await truthFaults()).paused).toEqual([]);

  // In a text field the letters are text, not shortcuts.
  await page.getByRole('textbox', { name: 'Message text' }).fill('');
  await page.getByRole('textbox', { name: 'Message text' }).pressSequentially('pa');
  await expect(page.getByRole('textbox', { name: 'Message text' })).toHaveValue('pa');
  expect((await truthFaults()).paused).toEqual([]);
});
