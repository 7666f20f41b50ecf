import { expect, test } from '@playwright/test';
import { promtool, promtoolAvailable, sample, scrape } from '../test/support/prometheus.js';
import { openDashboard } from './support/dashboard.js';
import { BOOTSTRAP_URL, DASHBOARD_URL } from './support/system.js';
import { crashNode, startNodes, truthNodes } from './support/truth.js';

// GET /metrics on the launched system's two servers: what Prometheus scrapes (prometheus.yml).

const metricsOf = async (url: string) => (await scrape(url)).text;

test('both servers answer /metrics in a format promtool accepts, without a token on loopback', async () => {
  const promtoolHere = promtoolAvailable();
  test.skip(promtoolHere !== true, promtoolHere === true ? '' : promtoolHere.skip);
  for (const url of [BOOTSTRAP_URL, DASHBOARD_URL]) {
    const { status, text, contentType } = await scrape(url);
    expect(status, url).toBe(200);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const checked = promtool(['check', 'metrics'], text);
    expect(checked.status, checked.output).toBe(0);
  }
});

test('a message sent from the dashboard is delivered +1 on both; a crash is a true death; an open page is a browser', async ({ page }) => {
  const alive = (await truthNodes()).filter((n) => n.status === 'alive' && n.managed).map((n) => n.id);
  expect(alive.length).toBeGreaterThanOrEqual(2);
  const [bootstrapBefore, dashboardBefore] = [await metricsOf(BOOTSTRAP_URL), await metricsOf(DASHBOARD_URL)];
  const delivered = (text: string) => sample(text, 'peerscope_messages_delivered_total');

  const answer = await fetch(`${DASHBOARD_URL}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: alive[0], to: alive[1], text: 'counted by Prometheus' }),
  });
  expect(((await answer.json()) as { status: string }).status).toBe('delivered');
  // The bootstrap counts when its admin API has the answer; the hub when the sender's report arrives.
  expect(delivered(await metricsOf(BOOTSTRAP_URL))).toBe(delivered(bootstrapBefore) + 1);
  await expect
    .poll(async () => delivered(await metricsOf(DASHBOARD_URL)) - delivered(dashboardBefore), { message: 'the hub counts the delivery' })
    .toBeGreaterThanOrEqual(1);

  // A node of its own to crash, so the other specs keep theirs.
  const [victim] = await startNodes(1);
  const trueDeaths = (text: string) => sample(text, 'peerscope_node_deaths_total', { verdict: 'true' });
  const deathsBefore = trueDeaths(await metricsOf(BOOTSTRAP_URL));
  await crashNode(victim!);
  await expect.poll(async () => trueDeaths(await metricsOf(BOOTSTRAP_URL)), { message: `${victim} dies a true death`, timeout: 15_000 }).toBe(deathsBefore + 1);
  await expect
    .poll(async () => sample(await metricsOf(DASHBOARD_URL), 'peerscope_nodes', { status: 'dead', kind: 'peerscope' }), {
      message: 'the picture shows it dead',
    })
    .toBeGreaterThanOrEqual(1);

  await openDashboard(page);
  expect(sample(await metricsOf(DASHBOARD_URL), 'peerscope_browsers_connected')).toBeGreaterThanOrEqual(1);
});
