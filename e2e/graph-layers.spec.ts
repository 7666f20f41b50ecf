import { expect, test } from '@playwright/test';
import { aliveSenders, graphEdgeDetails, openDashboard, sendWithSelects } from './support/dashboard.js';
import type { HookHost } from './support/hook.js';

// A moving message is drawn on a canvas of its own above Cytoscape's (apps/dashboard/lib/browser/
// message-canvas.ts), every frame while it moves; Cytoscape redraws nothing for it, so most of the
// graph's frames leave the node layer (every node) as it was. Its link is written with the graph's
// next sweep (paced-deltas.ts), in a layer above the nodes (message-layer.ts).
test('a moving message is drawn every frame, along the line from sender to receiver, without repainting the nodes under it', async ({ page }) => {
  await openDashboard(page);
  const [from, to] = (await aliveSenders(page)) as [string, string];
  const id = await sendWithSelects(page, from, to, `layers ${Date.now()}`);
  await page.waitForFunction((messageId) => (globalThis as unknown as HookHost).__peerscope?.edges().some((e) => e.startsWith(`m:${messageId}:`)), id, {
    polling: 'raf',
  });

  // Over the next ~600 ms of its 1.5 s animation: the graph's frames, those in which Cytoscape
  // repainted the node layer, and whether the message canvas showed the message half-way between its nodes.
  const drawn = await page.evaluate(
    async ([sender, receiver]) => {
      const host = globalThis as unknown as HookHost & { performance: { now(): number }; document: Document; devicePixelRatio: number };
      const hook = host.__peerscope!;
      const [renders, nodeLayer] = [hook.renders(), hook.nodeLayerRenders()];
      const canvas = host.document.querySelector<HTMLCanvasElement>('canvas[data-layer="messages"]');
      const ratio = host.devicePixelRatio || 1;
      let seenHalfWay = false;
      let frames = 0;
      const started = host.performance.now();
      while (host.performance.now() - started < 600) {
        await new Promise<void>((resolve) => host.requestAnimationFrame(() => resolve()));
        frames += 1;
        const [a, b] = [hook.position(sender), hook.position(receiver)];
        if (!canvas || !a || !b) continue;
        const [x, y] = [Math.round(((a.x + b.x) / 2) * ratio), Math.round(((a.y + b.y) / 2) * ratio)];
        const pixels = canvas.getContext('2d')!.getImageData(x - 1, y - 1, 3, 3).data;
        for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha]! > 0) seenHalfWay = true;
      }
      return { frames, renders: hook.renders() - renders, nodeLayer: hook.nodeLayerRenders() - nodeLayer, seenHalfWay };
    },
    [from, to] as const,
  );
  expect(drawn.renders, 'the graph keeps drawing while the message moves').toBeGreaterThanOrEqual(3);
  expect(drawn.renders, `a frame in which Cytoscape and the message canvas both drew counts once (${JSON.stringify(drawn)})`).toBeLessThanOrEqual(
    drawn.frames + 1,
  );
  expect(drawn.nodeLayer, `fewer of those draws repaint the nodes (${JSON.stringify(drawn)})`).toBeLessThan(drawn.renders);
  expect(drawn.seenHalfWay, 'the message was drawn half-way between its nodes').toBe(true);

  // The message's (invisible) edge joins its nodes, and its link is drawn soon after.
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
