import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UI_NAMESPACE } from '@peerscope/protocol';
import { cleanup, connectIngest, messageEvents, registered, sendReports, startHub, type HubServer } from './helpers.js';
import { NetworkClient, type NetworkUpdate } from '../lib/browser/network-client.js';

// Next's build type-checks graph-* tests, and the image holds only the dashboard: no test/support here.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(what: string, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

// The page connects before React has hydrated (use-network.ts): what the hub sends meanwhile is
// held, then applied in order on release(), and nothing after it is lost or applied twice.
describe('NetworkClient hold / release', () => {
  let server: HubServer;
  const open = cleanup();
  before(async () => {
    server = await startHub();
  });
  after(() => server.close());

  test('a held client shows nothing until released, then the snapshot and every later delta, once each', async () => {
    const reporter = open(await connectIngest(server.url), (s) => s.close());
    sendReports(reporter, [registered('node1'), registered('node2')]);
    await waitFor('two nodes in the hub', () => server.hub.view.nodes.size === 2);

    const client = new NetworkClient(server.url + UI_NAMESPACE);
    // Read through a function: TypeScript would narrow `client.view` to undefined after the first check.
    const view = () => client.view;
    const updates: NetworkUpdate['kind'][] = [];
    client.onUpdate((update) => updates.push(update.kind));
    client.hold();
    open(client.connect(), (close) => close());
    await waitFor('the client subscribed', () => client.connection === 'live');
    const m = messageEvents('held', 'node1', 'node2', 'hello');
    sendReports(reporter, [m.sent, m.received, m.delivered]);
    await waitFor('the hub applied the message', () => server.hub.view.counters.delivered === 1);
    await sleep(200);
    assert.equal(view(), undefined, 'nothing is shown while held');
    assert.deepEqual(updates, []);

    client.release();
    assert.equal(view()?.nodes.size, 2);
    assert.equal(updates[0], 'snapshot');
    await waitFor('the message counted', () => view()?.counters.delivered === 1);
    assert.deepEqual(view()!.counters, server.hub.view.counters);
    assert.equal(client.lastSeq, server.hub.seq);

    const later = messageEvents('after', 'node2', 'node1', 'again');
    sendReports(reporter, [later.sent, later.received, later.delivered]);
    await waitFor('the later message counted', () => view()?.counters.delivered === 2);
    assert.deepEqual(view()!.counters, server.hub.view.counters);
  });
});
