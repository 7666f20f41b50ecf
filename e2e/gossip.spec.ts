import { expect, test } from '@playwright/test';
import {
  aliveSenders,
  animatedMessages,
  clickNode,
  counter,
  gossipCoverage,
  graphEdgeDetails,
  logRows,
  openDashboard,
  toasts,
  showControls,
} from './support/dashboard.js';
import { ADMIN_TOKEN, BOOTSTRAP_URL } from './support/system.js';
import { resetLab } from './support/truth.js';

test.afterEach(() => resetLab());

/** `GET /api/overlay` on the bootstrap: each node's neighbours. */
async function truthNeighbours(): Promise<Record<string, string[]>> {
  const response = await fetch(`${BOOTSTRAP_URL}/api/overlay`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return ((await response.json()) as { neighbours: Record<string, string[]> }).neighbours;
}

test('a gossip whose TTL runs out before it reaches everyone is shown as ended, not as spreading forever', async ({ page }) => {
  await openDashboard(page);
  const [origin] = (await aliveSenders(page)) as [string];
  const alive = Number(await counter(page, 'Nodes alive').textContent());
  await clickNode(page, origin);
  await showControls(page, 'Network');
  // One copy, one hop: at most three of the five nodes can hold it.
  await page.getByRole('spinbutton', { name: 'TTL' }).fill('1');
  await page.getByRole('spinbutton', { name: 'Fan-out' }).fill('1');
  await page.getByRole('button', { name: 'Gossip', exact: true }).click();
  await expect(toasts(page)).toContainText(`Gossip from ${origin} started`);

  const panel = page.getByRole('region', { name: 'Gossip' });
  await expect(panel.locator('[data-field=verdict]')).toHaveText(/^Ended: [23] reached$/, { timeout: 15_000 });
  await expect(panel.locator('dd[data-field=coverage]')).toHaveText(new RegExp(`^[23] / ${alive} alive$`));
  await expect(panel.locator('dd[data-field=full-coverage]')).toHaveText('never');
});

test('gossip over a partial view (k = 3): the wave is animated hop by hop and reaches every alive node @docker', async ({ page }) => {
  await openDashboard(page);

  await showControls(page, 'Faults');
  await page.getByRole('combobox', { name: 'Overlay' }).selectOption('partial');
  await page.getByRole('spinbutton', { name: 'k', exact: true }).fill('3');
  await page.getByRole('button', { name: 'Apply overlay' }).click();
  await expect(toasts(page)).toContainText('Overlay: partial view, k = 3');
  // The neighbour links are drawn, exactly as the bootstrap has them.
  await expect
    .poll(async () => {
      const drawn = (await graphEdgeDetails(page)).filter((e) => e.classes.includes('overlay')).map((e) => `${e.source}->${e.target}`);
      const truth = Object.entries(await truthNeighbours()).flatMap(([from, to]) => to.map((t) => `${from}->${t}`));
      return truth.length > 0 && drawn.sort().join() === truth.sort().join();
    })
    .toBe(true);

  const [origin] = (await aliveSenders(page)) as [string];
  await clickNode(page, origin);
  await showControls(page, 'Network');
  await page.getByRole('spinbutton', { name: 'TTL' }).fill('8');
  await page.getByRole('spinbutton', { name: 'Fan-out' }).fill('3');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/gossip') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Gossip', exact: true }).click();
  const started = (await (await answer).json()) as { id: string };
  await expect(toasts(page)).toContainText(`Gossip from ${origin} started`);

  // The panel says it: every alive node reached.
  const alive = Number(await counter(page, 'Nodes alive').textContent());
  const panel = page.getByRole('region', { name: 'Gossip' });
  await expect(panel.locator('[data-field=verdict]')).toHaveText('All alive nodes reached', { timeout: 15_000 });
  await expect(panel.locator('dd[data-field=coverage]')).toHaveText(`${alive} / ${alive} alive`);
  await expect(panel.locator('dd[data-field=full-coverage]')).toHaveText(/^after \d+ ms$/);
  const coverage = (await gossipCoverage(page, started.id))!;
  expect(coverage).toMatchObject({ origin, reached: alive, alive, full: true });
  expect(coverage.maxHop).toBeGreaterThanOrEqual(1);

  // Every hop with an outcome was animated (none folded into heat), and later hops after earlier ones.
  await expect
    .poll(
      async () => {
        const [hops, animated] = [(await gossipCoverage(page, started.id))!.hops, new Set(await animatedMessages(page))];
        return hops.filter((h) => h.status !== 'sent' && !animated.has(h.id)).length;
      },
      { message: 'every hop is animated' },
    )
    .toBe(0);
  const timing = await page.evaluate((id) => {
    const hook = (globalThis as unknown as { __peerscope: import('./support/hook.js').PeerscopeTestHook }).__peerscope;
    const starts = new Map<number, number>();
    for (const hop of hook.gossip(id)!.hops) {
      const at = hook.animations[hop.id];
      if (at !== undefined) starts.set(hop.hop, Math.min(starts.get(hop.hop) ?? Infinity, at));
    }
    return [...starts.entries()].sort(([a], [b]) => a - b);
  }, started.id);
  expect(timing.length, 'the wave took more than one hop').toBeGreaterThanOrEqual(2);
  for (let i = 1; i < timing.length; i++)
    expect(timing[i]![1] - timing[i - 1]![1], `hop ${timing[i]![0]} starts after hop ${timing[i - 1]![0]}`).toBeGreaterThanOrEqual(250);
});

test('Broadcast from a node: one copy to every peer, each delivered, logged and animated @docker', async ({ page }) => {
  await openDashboard(page);
  const [origin] = (await aliveSenders(page)) as [string];
  await clickNode(page, origin);
  const text = `to all ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Message text' }).fill(text);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/broadcast') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Broadcast', exact: true }).click();
  const result = (await (await answer).json()) as { results: Array<{ id: string; to: string; status: string }> };
  const alive = Number(await counter(page, 'Nodes alive').textContent());
  expect(result.results).toHaveLength(alive - 1);
  expect(result.results.every((r) => r.status === 'delivered')).toBe(true);
  await expect(toasts(page)).toContainText(`Broadcast from ${origin}: ${alive - 1} delivered, 0 failed`);

  // Reading the virtualised log screen by screen takes a while once it holds its 500 rows (the suite's earlier specs).
  await expect
    .poll(async () => (await logRows(page)).filter((r) => r.text === `broadcast${text}` && r.status === 'delivered').length, { timeout: 30_000 })
    .toBe(alive - 1);
  await expect
    .poll(async () => {
      const animated = new Set(await animatedMessages(page));
      return result.results.every((r) => animated.has(r.id));
    })
    .toBe(true);
});
