import { expect, test } from '@playwright/test';
import { clickNode, graphNodes, nodeDetails, openDashboard, toasts } from './support/dashboard.js';
import { existenceOf, truthNode } from './support/truth.js';

test('Add node draws new nodes; Remove node takes one away; Crash node turns one dead @docker', async ({ page }) => {
  await openDashboard(page);
  const before = new Set((await graphNodes(page)).map((n) => n.id));

  // Add two at once, so there is one to remove and one to crash, and the launcher's nodes stay.
  await page.getByRole('spinbutton', { name: 'Node count' }).fill('2');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/nodes') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Add node' }).click();
  const added = async () =>
    (await graphNodes(page))
      .filter((n) => !before.has(n.id) && n.status === 'alive')
      .map((n) => n.id)
      .sort();
  // Drawn once registered: how fast is the benchmarks' business (bench:runtimes), not a test's; a
  // container takes over a second just to start on some engines.
  await expect.poll(added, { message: 'two new nodes are drawn once they register', timeout: 15_000 }).toHaveLength(2);
  // The toast lists them in the answer's order (node9, node10), not in string order.
  const started = ((await (await answer).json()) as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id);
  expect(await added()).toEqual([...started].sort());
  await expect(toasts(page)).toContainText(`Started ${started.join(', ')}`);
  const [removed, crashed] = started as [string, string];

  // Remove: the node says goodbye and leaves the picture and the registry; its process or container is gone.
  const removedExists = await existenceOf(removed);
  await clickNode(page, removed);
  await expect(nodeDetails(page).locator('dd[data-field=status]')).toHaveText('alive');
  await page.getByRole('button', { name: 'Remove node' }).click();
  await expect.poll(async () => (await graphNodes(page)).some((n) => n.id === removed), { message: `${removed} leaves the graph` }).toBe(false);
  await expect(toasts(page)).toContainText(`Removed ${removed}`);
  await expect.poll(() => truthNode(removed)).toBeUndefined();
  await expect.poll(removedExists, { message: `${removed}'s process or container is gone` }).toBe(false);

  // Crash: SIGKILL, no goodbye; after 3 s of silence the bootstrap and the picture say dead.
  const crashedExists = await existenceOf(crashed);
  await clickNode(page, crashed);
  await page.getByRole('button', { name: 'Crash node' }).click();
  await expect(toasts(page)).toContainText(`Crashed ${crashed}`);
  await expect
    .poll(async () => (await graphNodes(page)).find((n) => n.id === crashed)?.status, { message: `${crashed} is drawn dead`, timeout: 4_500 })
    .toBe('dead');
  await expect(nodeDetails(page).locator('dd[data-field=status]')).toHaveText('dead');
  expect((await truthNode(crashed))?.status).toBe('dead');
  expect(await crashedExists()).toBe(false);
});
