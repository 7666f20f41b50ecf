import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { NodeFaults, NodeFaultsSchema, SendResult, TelemetryEvent } from '@peerscope/protocol';
import type { z } from 'zod';
import { call } from '../../../test/support/http.js';
import { startRecordingHub } from '../../../test/support/hub.js';
import { CLUSTER_TOKEN, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';
import { startTestNodes, stopTestNodes, waitForFullPeerLists, type TestNode } from './support/nodes.js';

type NodeFaultsInput = z.input<typeof NodeFaultsSchema>;

describe('partitions, enforced by the nodes themselves', () => {
  let hub: Awaited<ReturnType<typeof startRecordingHub>>;
  let bootstrap: BootstrapProcess;
  let a: TestNode, b: TestNode, c: TestNode;
  const setFaults = async (node: TestNode, faults: NodeFaultsInput) => {
    const answer = await node.control<NodeFaults>('PUT', '/faults', faults);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body;
  };
  const send = async (from: TestNode, to: TestNode, text = 'hello') => (await from.control<SendResult>('POST', '/send', { to: to.id, text })).body;

  before(async () => {
    hub = await startRecordingHub(CLUSTER_TOKEN);
    bootstrap = await startBootstrap();
    [a, b, c] = (await startTestNodes(bootstrap.url, 3, hub.url, 'p')) as [TestNode, TestNode, TestNode];
    await waitForFullPeerLists([a, b, c]);
  });
  after(async () => {
    await stopTestNodes([a, b, c].filter(Boolean));
    await bootstrap?.stop();
    await hub?.close();
  });
  beforeEach(async () => {
    for (const node of [a, b, c]) await setFaults(node, {});
  });

  test('cut both ways: sends across fail `partitioned` from either side, sends inside work, and a heal restores them', async () => {
    // {p1} against {p2, p3}, as the bootstrap would hand out its shares.
    await setFaults(a, { blockedTo: ['p2', 'p3'], blockedFrom: ['p2', 'p3'] });
    await setFaults(b, { blockedTo: ['p1'], blockedFrom: ['p1'] });
    await setFaults(c, { blockedTo: ['p1'], blockedFrom: ['p1'] });

    for (const [from, to] of [
      [a, b],
      [b, a],
      [c, a],
      [a, c],
    ] as const) {
      const result = await send(from, to);
      assert.equal(result.status, 'failed', `${from.id} → ${to.id}`);
      assert.equal(result.error?.code, 'partitioned');
    }
    assert.equal((await send(b, c)).status, 'delivered', 'both sides of the cut still talk among themselves');

    for (const node of [a, b, c]) await setFaults(node, {});
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const)
      assert.equal((await send(from, to)).status, 'delivered');
  });

  test('cut one way: p1 cannot reach the others, but they still reach p1', async () => {
    await setFaults(a, { blockedTo: ['p2', 'p3'] });
    await setFaults(b, { blockedFrom: ['p1'] });
    await setFaults(c, { blockedFrom: ['p1'] });
    assert.equal((await send(a, b)).error?.code, 'partitioned');
    assert.equal((await send(b, a)).status, 'delivered');
    assert.equal((await send(c, a)).status, 'delivered');
  });

  test('the receiver refuses on its own: 503 `partitioned`, nothing stored, and the sender reports `partitioned`', async () => {
    await setFaults(b, { blockedFrom: ['p1'] });
    const direct = await call(`${b.url}/message`, { body: { sender: a.url, from: 'p1', msg: 'through the cut', id: 'direct-cut-1' } });
    assert.equal(direct.status, 503);
    assert.equal(direct.body.error.code, 'partitioned');
    assert.equal(typeof direct.body.error.message, 'string');
    // A classic sender (no `from`) is known by its url.
    const classic = await call(`${b.url}/message`, { body: { sender: a.url, msg: 'classic through the cut' } });
    assert.equal(classic.status, 503);

    const sent = await send(a, b, 'refused by the receiver');
    assert.equal(sent.status, 'failed');
    assert.equal(sent.error?.code, 'partitioned');
    const texts = (await b.inbox()).map((m) => m.msg);
    for (const text of ['through the cut', 'classic through the cut', 'refused by the receiver']) assert.ok(!texts.includes(text), text);
    assert.equal((await send(c, b)).status, 'delivered', 'other senders still get through');

    await waitFor('the failure reported', () => hub.events.some((e) => e.type === 'message:failed' && e.id === sent.id));
    assert.ok(!hub.events.some((e) => e.type === 'message:received' && (e.id === sent.id || e.id === 'direct-cut-1')));
  });

  test('a cut send is reported as sent, then failed `partitioned`, without reaching the peer', async () => {
    await setFaults(a, { blockedTo: ['p2'] });
    const result = await send(a, b, 'animated in red');
    const about = (e: TelemetryEvent) => 'id' in e && e.id === result.id;
    await waitFor('sent and failed reported', () => hub.events.filter(about).length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const steps = hub.events.filter(about);
    assert.deepEqual(
      steps.map((e) => e.type),
      ['message:sent', 'message:failed'],
    );
    const failed = steps[1]!;
    assert.ok(failed.type === 'message:failed' && failed.error.code === 'partitioned' && failed.from === 'p1' && failed.to === 'p2');
  });

  test('GET /control/faults answers the state in force; PUT checks the token and the body', async () => {
    const applied = await setFaults(a, { blockedTo: ['p2'], links: [{ to: 'p3', latencyMs: 20 }] });
    assert.deepEqual(applied, { blockedTo: ['p2'], blockedFrom: [], links: [{ to: 'p3', latencyMs: 20, jitterMs: 0, lossPct: 0 }] });
    assert.deepEqual((await a.control('GET', '/faults')).body, applied);

    const anonymous = await call(`${a.url}/control/faults`, { method: 'PUT', body: {} });
    assert.equal(anonymous.status, 401);
    const wrong = await a.control('PUT', '/faults', { links: [{ lossPct: 150 }] });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.code, 'invalid_body');
    assert.deepEqual((await a.control('GET', '/faults')).body, applied, 'a refused change changes nothing');
  });
});
