import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, test } from 'node:test';
import { UI_NAMESPACE, type ReportedEvent } from '@peerscope/protocol';
import { createLogger, metricsEndpoint } from '@peerscope/server-kit';
import { Server } from 'socket.io';
import { promtool, promtoolAvailable, sample, scrape } from '../../../test/support/prometheus.js';
import { waitFor } from '../../../test/support/wait.js';
import { createHub, MAX_SOCKET_PACKET_BYTES } from '../server/hub/hub.js';
import { loadDashboardConfig } from '../server/config.js';
import { DashboardMetrics } from '../server/metrics/dashboard-metrics.js';
import { Browser, cleanup, CLUSTER_TOKEN, connectIngest, messageEvents, registered, sendReports } from './helpers.js';

const promtoolHere = promtoolAvailable();

/** The hub and its metrics wired as dashboard-server.ts wires them, on a real server (without Next's pages). */
async function startHubWithMetrics(token?: string) {
  // Read when scraped, once the hub exists.
  const metrics = new DashboardMetrics({ view: () => hub.view, stats: () => hub.stats(), browsers: () => io.of(UI_NAMESPACE).sockets.size });
  const serveMetrics = metricsEndpoint(metrics.registry, token);
  const http = createServer((req, res) => {
    if (!serveMetrics(req, res)) res.writeHead(404).end();
  });
  const io = new Server(http, { maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES });
  const hub = createHub(io, { clusterToken: CLUSTER_TOKEN, logger: createLogger('test', 'silent'), onRecorded: (event) => metrics.observe(event) });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as { port: number }).port}`,
    close: async () => {
      await hub.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

const unsourced = (event: object) => {
  const { source: _source, ...reported } = event as { source: string };
  return reported as unknown as ReportedEvent;
};

describe("the dashboard hub's metrics", () => {
  const opened = cleanup();

  test('follow what reporters report and who watches, and promtool finds nothing wrong', async () => {
    const server = opened(await startHubWithMetrics(), (s) => s.close());
    const metrics = async () => (await scrape(server.url)).text;
    const bootstrap = opened(await connectIngest(server.url, { token: CLUSTER_TOKEN, source: 'bootstrap' }), (s) => s.close());
    const node1 = opened(await connectIngest(server.url, { token: CLUSTER_TOKEN, source: 'node1' }), (s) => s.close());
    const browser = opened(await Browser.open(server.url), (b) => b.close());
    await browser.subscribe();

    sendReports(bootstrap, [registered('node1'), registered('node2')].map(unsourced));
    const one = messageEvents('m1', 'node1', 'node2', 'hello');
    const two = messageEvents('m2', 'node1', 'node2', 'lost');
    sendReports(node1, [one.sent, one.delivered, two.sent, two.failed].map(unsourced));
    sendReports(node1, [{ type: 'messages:summarised', from: 'node1', to: 'node2', since: 1, at: 2, sent: 10, received: 9, delivered: 9, failed: 1 }]);
    await waitFor('every event counted', async () => sample(await metrics(), 'peerscope_hub_events_ingested_total') === 7);

    const text = await metrics();
    assert.equal(sample(text, 'peerscope_nodes', { status: 'alive', kind: 'peerscope' }), 2);
    assert.equal(sample(text, 'peerscope_messages_sent_total'), 12);
    assert.equal(sample(text, 'peerscope_messages_delivered_total'), 10);
    assert.equal(sample(text, 'peerscope_messages_failed_total', { reason: 'timeout' }), 1);
    assert.equal(sample(text, 'peerscope_messages_failed_total', { reason: 'summarised' }), 1);
    assert.equal(sample(text, 'peerscope_messages_received_total'), 9);
    assert.equal(sample(text, 'peerscope_message_latency_seconds_count', { outcome: 'delivered' }), 1);
    assert.equal(sample(text, 'peerscope_message_latency_seconds_count', { outcome: 'failed' }), 1);
    assert.equal(sample(text, 'peerscope_browsers_connected'), 1);
    assert.ok(sample(text, 'peerscope_hub_batches_total') >= 1, 'the browser got batches');
    // No series names a node or a message.
    assert.doesNotMatch(text, /node1|node2|m1|m2/);

    browser.close();
    await waitFor('the browser gone', async () => sample(await metrics(), 'peerscope_browsers_connected') === 0);
    assert.equal(sample(await metrics(), 'peerscope_hub_events_ingested_total'), 7, 'a running total never goes back');

    if (promtoolHere !== true) return;
    const checked = promtool(['check', 'metrics'], await metrics());
    assert.equal(checked.status, 0, checked.output);
  });

  test('with PEERSCOPE_METRICS_TOKEN, answer only to it as a bearer token, as the config reads it', async () => {
    const token = loadDashboardConfig([], {
      PEERSCOPE_ADMIN_TOKEN: 'a'.repeat(16),
      PEERSCOPE_CLUSTER_TOKEN: 'c'.repeat(16),
      PEERSCOPE_METRICS_TOKEN: 'm'.repeat(20),
    }).metricsToken;
    assert.equal(token, 'm'.repeat(20));
    const server = opened(await startHubWithMetrics(token), (s) => s.close());
    for (const wrong of [undefined, 'n'.repeat(20)]) {
      const refused = await scrape(server.url, wrong);
      assert.equal(refused.status, 401);
      assert.equal(JSON.parse(refused.text).error.code, 'unauthorized');
    }
    assert.equal((await scrape(server.url, token)).status, 200);
  });
});
