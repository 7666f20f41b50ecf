import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BroadcastResult, TelemetryEvent } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startRecordingHub } from '../../../test/support/hub.js';
import { CLUSTER_TOKEN, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';
import { startTestNodes, stopTestNodes, waitForFullPeerLists, type TestNode } from './support/nodes.js';

describe('broadcast in a full mesh', () => {
  let hub: Awaited<ReturnType<typeof startRecordingHub>>;
  let bootstrap: BootstrapProcess;
  let nodes: TestNode[] = [];

  before(async () => {
    hub = await startRecordingHub(CLUSTER_TOKEN);
    bootstrap = await startBootstrap();
    nodes = await startTestNodes(bootstrap.url, 5, hub.url, 'b');
    await waitForFullPeerLists(nodes);
  });
  after(async () => {
    await stopTestNodes(nodes);
    await bootstrap?.stop();
    await hub?.close();
  });

  test('one copy to every neighbour, each its own message carrying the broadcast id, each animated', async () => {
    const [origin, ...others] = nodes as [TestNode, ...TestNode[]];
    const answer = await origin.control<BroadcastResult>('POST', '/broadcast', { text: 'to all', id: 'bcast-1' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.id, 'bcast-1');
    assert.equal(answer.body.from, 'b1');
    assert.deepEqual(answer.body.results.map((r) => r.to).sort(), others.map((n) => n.id).sort());
    assert.ok(answer.body.results.every((r) => r.status === 'delivered' && r.from === 'b1'));
    const copyIds = answer.body.results.map((r) => r.id);
    assert.equal(new Set(copyIds).size, others.length, 'each copy has its own message id');

    for (const node of others) {
      const copies = (await node.inbox()).filter((m) => m.msg === 'to all');
      assert.equal(copies.length, 1, `${node.id} got one copy`);
      assert.ok(copyIds.includes(copies[0]!.id));
    }
    const tagged = (e: TelemetryEvent) => e.type.startsWith('message:') && 'broadcastId' in e && e.broadcastId === 'bcast-1';
    await waitFor('every copy sent, delivered and received', () => hub.events.filter(tagged).length === 3 * others.length);
    for (const id of copyIds) {
      const steps = hub.events.filter((e) => tagged(e) && 'id' in e && e.id === id);
      assert.deepEqual(steps.map((e) => e.type).sort(), ['message:delivered', 'message:received', 'message:sent']);
    }
  });

  test('a copy across a partition fails `partitioned`; the others arrive', async () => {
    const [origin] = nodes as [TestNode];
    await origin.control('PUT', '/faults', { blockedTo: ['b3'] });
    try {
      const { body } = await origin.control<BroadcastResult>('POST', '/broadcast', { text: 'partly' });
      assert.match(body.id, /^[A-Za-z0-9_-]+$/);
      const byPeer = new Map(body.results.map((r) => [r.to, r]));
      assert.equal(byPeer.get('b3')?.error?.code, 'partitioned');
      for (const id of ['b2', 'b4', 'b5']) assert.equal(byPeer.get(id)?.status, 'delivered');
    } finally {
      await origin.control('PUT', '/faults', {});
    }
  });

  test('broadcast and gossip check the token and the body', async () => {
    const [origin] = nodes as [TestNode];
    assert.equal((await call(`${origin.url}/control/broadcast`, { body: { text: 'x' } })).status, 401);
    assert.equal((await call(`${origin.url}/control/gossip`, { body: { text: 'x' } })).status, 401);
    const bad = await origin.control('POST', '/broadcast', { text: 42 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'invalid_body');
    assert.equal((await origin.control('POST', '/gossip', { text: 'x', ttl: 0 })).status, 400);
  });

  test("an attacker's hop asking for more than the API allows is refused on the wire", async () => {
    const [, target] = nodes as [TestNode, TestNode];
    const hop = (gossip: Record<string, number>, id: string, msg = 'flood') =>
      call(`${target.url}/message`, { body: { sender: 'mallory', msg, gossip: { id, origin: 'b1', ...gossip } } });
    const flood = await hop({ ttl: 64, hop: 1, fanout: 64 }, 'flood-1');
    assert.equal(flood.status, 400);
    assert.equal(flood.body.error.code, 'invalid_body');
    assert.equal((await hop({ ttl: 600, hop: 1, fanout: 3 }, 'flood-2')).status, 400);
    // Within the limits the API has, a hop is taken (a ring of 1,000 nodes needs ttl 500).
    assert.equal((await hop({ ttl: 0, hop: 500, fanout: 20 }, 'deep-1', 'deep')).status, 200);
    assert.ok(!(await target.inbox()).some((m) => m.msg === 'flood'), 'nothing of the refused hops was kept');
  });

  test('a classic sender naming a peer by its url is reported as that peer', async () => {
    const [, second, third] = nodes as [TestNode, TestNode, TestNode];
    const answer = await call(`${third.url}/message`, { body: { sender: `${second.url}/`, msg: 'by url' } });
    assert.equal(answer.status, 200);
    await waitFor('the receipt reported', () => hub.events.some((e) => e.type === 'message:received' && e.text === 'by url'));
    const receipt = hub.events.find((e) => e.type === 'message:received' && e.text === 'by url')!;
    assert.equal('from' in receipt && receipt.from, second.id);
  });
});
