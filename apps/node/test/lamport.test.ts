import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { SendResult, TelemetryEvent } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startRecordingHub } from '../../../test/support/hub.js';
import { CLUSTER_TOKEN } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';
import { startFakeBootstrap } from './support/fake-bootstrap.js';
import { startTestNodes, stopTestNodes, waitForFullPeerLists, type TestNode } from './support/nodes.js';

type MessageEvent = Extract<TelemetryEvent, { type: `message:${'sent' | 'received' | 'delivered' | 'failed'}` }>;

describe('Lamport clocks on real nodes: carried on POST /message, reported on message events', () => {
  let hub: Awaited<ReturnType<typeof startRecordingHub>>;
  let bootstrap: Awaited<ReturnType<typeof startFakeBootstrap>>;
  let nodes: TestNode[];
  const send = async (from: TestNode, to: TestNode, text: string) => (await from.control<SendResult>('POST', '/send', { to: to.id, text })).body;
  const eventsOf = (id: string) => hub.events.filter((e): e is MessageEvent => 'id' in e && e.id === id && e.type.startsWith('message:'));
  const eventOf = (id: string, type: MessageEvent['type']) => eventsOf(id).find((e) => e.type === type);

  before(async () => {
    hub = await startRecordingHub(CLUSTER_TOKEN);
    bootstrap = await startFakeBootstrap({}, 250);
    nodes = await startTestNodes(bootstrap.url, 3, hub.url, 'lc');
    await waitForFullPeerLists(nodes);
  });
  after(async () => {
    await stopTestNodes(nodes ?? []);
    await bootstrap?.close();
    await hub?.close();
  });

  test('every send is below its receipt, and each node reports strictly increasing clocks', async () => {
    const [a, b, c] = nodes as [TestNode, TestNode, TestNode];
    const results: SendResult[] = [];
    for (const [from, to] of [
      [a, b],
      [b, c],
      [c, a],
      [a, c],
      [b, a],
      [c, b],
      [a, b],
    ] as const) {
      results.push(await send(from, to, `${from.id} to ${to.id}`));
    }
    for (const r of results) assert.equal(r.status, 'delivered', JSON.stringify(r));
    await waitFor('every send, receipt and outcome reported', () => results.every((r) => eventsOf(r.id).length === 3));

    for (const r of results) {
      const sent = eventOf(r.id, 'message:sent')!;
      const received = eventOf(r.id, 'message:received')!;
      const delivered = eventOf(r.id, 'message:delivered')!;
      for (const e of [sent, received, delivered]) assert.equal(typeof e.lamport, 'number', `${e.type} of ${r.id} carries a clock`);
      assert.ok(sent.lamport! < received.lamport!, `${r.from} → ${r.to}: sent at ${sent.lamport}, received at ${received.lamport}`);
      assert.ok(sent.lamport! < delivered.lamport!, 'the outcome comes after the send on the sender');
    }
    // A reporter sends its events in the order it emitted them.
    for (const node of nodes) {
      const clocks = hub.events.flatMap((e) =>
        e.source === node.id && e.type.startsWith('message:') && 'lamport' in e && e.lamport !== undefined ? [e.lamport] : [],
      );
      assert.ok(clocks.length >= 6, `${node.id} reported its events`);
      clocks.forEach((time, i) => i > 0 && assert.ok(time > clocks[i - 1]!, `${node.id}: ${time} after ${clocks[i - 1]}`));
    }
  });

  test('a receipt catches up with a clock far ahead: max(local, carried) + 1, and the node sends on from there', async () => {
    const [a, b] = nodes as [TestNode, TestNode];
    const direct = await call(`${b.url}/message`, { body: { sender: a.url, from: a.id, msg: 'from the future', id: 'lamport-ahead-1', lamport: 1_000_000 } });
    assert.equal(direct.status, 200);
    await waitFor('the receipt reported', () => eventOf('lamport-ahead-1', 'message:received'));
    assert.equal(eventOf('lamport-ahead-1', 'message:received')!.lamport, 1_000_001);

    const next = await send(b, a, 'after the future');
    // Sender and receiver report apart: either may reach the hub first.
    await waitFor('the next send reported', () => eventOf(next.id, 'message:sent') && eventOf(next.id, 'message:received'));
    assert.equal(eventOf(next.id, 'message:sent')!.lamport, 1_000_002);
    assert.ok(eventOf(next.id, 'message:received')!.lamport! > 1_000_002, 'the receiver catches up in turn');
  });

  test('a course body without a clock is still taken; a clock that is not a non-negative safe integer is a 400', async () => {
    const [, b] = nodes as [TestNode, TestNode];
    const classic = await call(`${b.url}/message`, { body: { sender: 'http://127.0.0.1:9/', msg: 'classic hello' } });
    assert.equal(classic.status, 200);
    assert.deepEqual(classic.body, { status: 'received' });
    for (const lamport of [-1, 1.5, 'seven', Number.MAX_SAFE_INTEGER + 2]) {
      const bad = await call(`${b.url}/message`, { body: { sender: 'http://127.0.0.1:9/', msg: 'bad clock', lamport } });
      assert.equal(bad.status, 400, String(lamport));
      assert.equal(bad.body.error.code, 'invalid_body');
    }
  });

  test('a failed send reports its failure after its send, on the sender; one that never left reports only its failure', async () => {
    const [a, b] = nodes as [TestNode, TestNode];
    assert.equal((await a.control('PUT', '/faults', { blockedTo: [b.id] })).status, 200);
    try {
      const cut = await send(a, b, 'across the cut');
      assert.equal(cut.error?.code, 'partitioned');
      await waitFor('the failure reported', () => eventOf(cut.id, 'message:failed'));
      assert.ok(eventOf(cut.id, 'message:sent')!.lamport! < eventOf(cut.id, 'message:failed')!.lamport!);
    } finally {
      await a.control('PUT', '/faults', {});
    }
    const unknown = (await a.control<SendResult>('POST', '/send', { to: 'nobody', text: 'to no one' })).body;
    assert.equal(unknown.error?.code, 'peer_unknown');
    await waitFor('the failure reported', () => eventOf(unknown.id, 'message:failed'));
    assert.equal(typeof eventOf(unknown.id, 'message:failed')!.lamport, 'number');
    assert.equal(eventOf(unknown.id, 'message:sent'), undefined);
  });
});
