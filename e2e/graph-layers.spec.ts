import { expect, test } from '@playwright/test';
import { aliveSenders, graphEdgeDetails, openDashboard, sendWithSelects } from './support/dashboard.js';
import type { HookHost } from './support/hook.js';

// A message's animation redraws only the message layer (apps/dashboard/lib/browser/message-layer.ts):
// Cytoscape still draws every frame while it moves, but most of those frames leave the node layer
// (every node and link) as it was. Its link is written with the graph's next sweep (paced-deltas.ts).
test('a moving message is redrawn every frame without repainting the nodes and links under it', async ({ page }) => {
  await openDashboard(page);
  const [from, to] = (await aliveSenders(page)) as [string, string];
  const id = await sendWithSelects(page, from, to, `layers ${Date.now()}`);
  await page.waitForFunction((messageId) => (globalThis as unknown as HookHost).__peerscope?.edges().some((e) => e.startsWith(`m:${messageId}:`)), id, {
    polling: 'raf',
  });

  // Over the next ~600 ms of its 1.5 s animation: the graph's draws, and those that repainted the node layer.
  const drawn = await page.evaluate(async () => {
    const host = globalThis as unknown as HookHost & { performance: { now(): number } };
    const hook = host.__peerscope!;
    const [renders, nodeLayer] = [hook.renders(), hook.nodeLayerRenders()];
    const started = host.performance.now();
    while (host.performance.now() - started < 600) await new Promise<void>((resolve) => host.requestAnimationFrame(() => resolve()));
    return { renders: hook.renders() - renders, nodeLayer: hook.nodeLayerRenders() - nodeLayer };
  });
  expect(drawn.renders, 'Cytoscape keeps drawing while the message moves').toBeGreaterThanOrEqual(3);
  expect(drawn.nodeLayer, `fewer of those draws repaint the nodes (${JSON.stringify(drawn)})`).toBeLessThan(drawn.renders);

  // The message still animates along its own edge, and its link is drawn soon after.
  const edge = (await graphEdgeDetails(page)).find((e) => e.id.startsWith(`m:${id}:`));
  expect(edge === undefined || (edge.source === from && edge.target === to)).toBe(true);
  const linkDrawn = () =>
    page.evaluate((link) => (globalThis as unknown as HookHost).__peerscope?.links().some((l) => l.id === link) ?? false, `${from}->${to}`);
  await expect.poll(linkDrawn, { timeout: 5_000 }).toBe(true);
});

// A node's heat is drawn on a canvas of its own under the graph (heat-layer.ts), so traffic
// restyles no node: both ends of a message glow there after the next sweep, then cool back.
test('both ends of a message glow on the heat layer, and the glow fades', async ({ page }) => {
  await openDashboard(page);
  const [from, to] = (await aliveSenders(page)) as [string, string];
  await sendWithSelects(page, from, to, `heat ${Date.now()}`);
  const glowAt = (id: string) =>
    page.evaluate((nodeId) => {
      const host = globalThis as unknown as HookHost & { document: Document; devicePixelRatio: number };
      const at = host.__peerscope?.position(nodeId);
      const canvas = host.document.querySelector<HTMLCanvasElement>('canvas[data-layer="heat"]');
      if (!at || !canvas) return 0;
      const ratio = host.devicePixelRatio || 1;
      return canvas.getContext('2d')!.getImageData(Math.round(at.x * ratio), Math.round(at.y * ratio), 1, 1).data[3]!;
    }, id);
  await expect.poll(() => glowAt(from), { timeout: 5_000 }).toBeGreaterThan(0);
  expect(await glowAt(to)).toBeGreaterThan(0);
  await expect.poll(() => glowAt(from), { timeout: 10_000 }).toBe(0);
});
