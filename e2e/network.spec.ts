import { expect, test } from '@playwright/test';
import { counter, graphNodes, openDashboard } from './support/dashboard.js';
import { INITIAL_NODES } from './support/system.js';
import { truthNodes } from './support/truth.js';

test('the initial nodes are drawn alive, as the bootstrap knows them @docker', async ({ page }) => {
  await openDashboard(page);

  // The launcher's nodes are node1…node5; other specs only ever stop nodes they started.
  const initial = Array.from({ length: INITIAL_NODES }, (_, i) => `node${i + 1}`);
  await expect
    .poll(async () =>
      (await graphNodes(page))
        .filter((n) => initial.includes(n.id))
        .map((n) => `${n.id}:${n.status}`)
        .sort(),
    )
    .toEqual(initial.map((id) => `${id}:alive`).sort());

  // The picture is the registry's (same nodes, same statuses) and the counter agrees.
  await expect(async () => {
    const [drawn, truth] = await Promise.all([graphNodes(page), truthNodes()]);
    expect(drawn.map((n) => `${n.id}:${n.status}`).sort()).toEqual(truth.map((n) => `${n.id}:${n.status}`).sort());
    await expect(counter(page, 'Nodes alive')).toHaveText(String(truth.filter((n) => n.status === 'alive').length), { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
});
