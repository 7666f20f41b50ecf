import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TelemetryEvent } from '@peerscope/protocol';
import { MESSAGE_HISTORY, NetworkView, linkId } from '../lib/network-view.js';
import { T0, messageEvents, picture, registered, trafficEvents } from './helpers.js';

const build = (events: TelemetryEvent[]) => {
  const view = new NetworkView();
  for (const event of events) view.apply(event);
  return view;
};

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

const nodes = [registered('node1'), registered('node2')];

describe('NetworkView', () => {
  test('builds nodes from registrations, starts, status changes and departures', () => {
    const view = build([
      registered('node1'),
      registered('node2'),
      { type: 'node:started', nodeId: 'node3', url: 'http://127.0.0.1:7003', at: T0 + 1, source: 'node3' },
      // A start of a node the registry already reported changes nothing.
      { type: 'node:started', nodeId: 'node1', url: 'http://127.0.0.1:9999', at: T0 + 2, source: 'node1' },
      { type: 'node:status-changed', nodeId: 'node2', status: 'suspect', previous: 'alive', at: T0 + 3, source: 'bootstrap' },
      { type: 'node:status-changed', nodeId: 'ghost', status: 'dead', previous: 'suspect', at: T0 + 3, source: 'bootstrap' },
      { type: 'node:stopping', nodeId: 'node3', at: T0 + 4, source: 'node3' },
      { type: 'node:deregistered', nodeId: 'node3', reason: 'left', at: T0 + 5, source: 'bootstrap' },
    ]);
    assert.deepEqual([...view.nodes.keys()], ['node1', 'node2']);
    assert.equal(view.nodes.get('node1')!.url, 'http://127.0.0.1:7001');
    assert.equal(view.nodes.get('node2')!.status, 'suspect');
    assert.deepEqual(view.nodes.get('node1'), { ...registered('node1').node, sent: 0, received: 0, failed: 0 });
  });

  test('a message sent, received and delivered: one message, one link, counters on both nodes', () => {
    const m = messageEvents('abc', 'node1', 'node2', 'hi node2');
    const view = build([...nodes, m.sent, m.received, m.delivered]);
    assert.deepEqual(view.messages.get('abc'), {
      id: 'abc',
      from: 'node1',
      to: 'node2',
      text: 'hi node2',
      status: 'delivered',
      sentAt: T0,
      receivedAt: T0 + 3,
      latencyMs: 5,
    });
    assert.deepEqual(view.links.get(linkId('node1', 'node2')), { id: 'node1->node2', from: 'node1', to: 'node2', messages: 1, failed: 0, lastAt: T0 + 5 });
    assert.equal(view.links.size, 1);
    assert.deepEqual(view.counters, { sent: 1, delivered: 1, failed: 0, received: 1 });
    assert.deepEqual([view.nodes.get('node1')!.sent, view.nodes.get('node2')!.received], [1, 1]);
  });

  test("a re-registration keeps what the node's messages counted", () => {
    const m = messageEvents('abc', 'node1', 'node2', 'hi');
    const view = build([...nodes, m.sent, registered('node1', T0 + 10, { status: 'suspect', lastSeen: T0 + 10 })]);
    assert.equal(view.nodes.get('node1')!.sent, 1);
    assert.equal(view.nodes.get('node1')!.status, 'suspect');
  });

  test('the events of a delivered message give the same picture in every arrival order', () => {
    const m = messageEvents('abc', 'node1', 'node2', 'in any order');
    const orders = permutations([m.sent, m.received, m.delivered]);
    assert.equal(orders.length, 6);
    const expected = picture(build([...nodes, m.sent, m.received, m.delivered]));
    for (const order of orders) {
      assert.deepEqual(picture(build([...nodes, ...order])), expected, `order: ${order.map((e) => e.type).join(', ')}`);
    }
  });

  test('the events of a failed message give the same counts and message in every arrival order', () => {
    const m = messageEvents('abc', 'node1', 'node2', 'late');
    const expected = picture(build([...nodes, m.sent, m.received, m.failed]));
    assert.equal(expected.messages[0]!.status, 'failed');
    assert.deepEqual(expected.counters, { sent: 1, delivered: 0, failed: 1, received: 1 });
    assert.deepEqual([expected.links[0]!.messages, expected.links[0]!.failed], [1, 1]);
    // lastAt is left out here; see the test below.
    const withoutLastAt = (p: ReturnType<typeof picture>) => ({ ...p, links: p.links.map(({ lastAt: _lastAt, ...link }) => link) });
    for (const order of permutations([m.sent, m.received, m.failed])) {
      assert.deepEqual(withoutLastAt(picture(build([...nodes, ...order]))), withoutLastAt(expected), `order: ${order.map((e) => e.type).join(', ')}`);
    }
  });

  test("a link's lastAt is the time of its latest event whatever the arrival order", () => {
    const m = messageEvents('abc', 'node1', 'node2', 'late');
    const inOrder = build([...nodes, m.sent, m.failed]);
    const reversed = build([...nodes, m.failed, m.sent]);
    assert.equal(inOrder.links.get('node1->node2')!.lastAt, T0 + 1000);
    assert.equal(reversed.links.get('node1->node2')!.lastAt, T0 + 1000);
  });

  test('a sender the picture does not know yet: received before sent still counts the message once', () => {
    // node1's registration has not reached the hub (e.g. the dashboard just restarted).
    const m = messageEvents('abc', 'node1', 'node2', 'early');
    const sentFirst = build([registered('node2'), m.sent, m.received, m.delivered]);
    const receivedFirst = build([registered('node2'), m.received, m.sent, m.delivered]);
    assert.equal(sentFirst.links.get('node1->node2')!.messages, 1);
    assert.equal(receivedFirst.links.get('node1->node2')!.messages, 1);
  });

  test('a classic sender (only message:received is reported) still makes a link', () => {
    const received: TelemetryEvent = {
      type: 'message:received',
      id: 'c1',
      from: 'student-node',
      to: 'node2',
      text: 'hello from flask',
      at: T0 + 7,
      source: 'node2',
    };
    const view = build([...nodes, received]);
    assert.deepEqual(view.links.get(linkId('student-node', 'node2')), {
      id: 'student-node->node2',
      from: 'student-node',
      to: 'node2',
      messages: 1,
      failed: 0,
      lastAt: T0 + 7,
    });
    const message = view.messages.get('c1')!;
    assert.deepEqual([message.from, message.to, message.text, message.receivedAt], ['student-node', 'node2', 'hello from flask', T0 + 7]);
    assert.deepEqual(view.counters, { sent: 0, delivered: 0, failed: 0, received: 1 });
    assert.equal(view.nodes.get('node2')!.received, 1);
    // Whoever reports a message first, its link counts it once.
    const fromKnown = build([...nodes, { ...received, id: 'c2', from: 'node1' }]);
    assert.equal(fromKnown.links.get('node1->node2')?.messages, 1);
  });

  test('summaries (traffic a reporter counted) add to the counters and links, each message once', () => {
    const summary = (
      source: string,
      from: string,
      to: string,
      counts: Partial<Record<'sent' | 'received' | 'delivered' | 'failed', number>>,
    ): TelemetryEvent => ({
      type: 'messages:summarised',
      from,
      to,
      since: T0,
      at: T0 + 25,
      source,
      ...{ sent: 0, received: 0, delivered: 0, failed: 0, ...counts },
    });
    const view = build([
      ...nodes,
      // Both ends of node1 -> node2 counted: the sender's summary and the receiver's.
      summary('node1', 'node1', 'node2', { sent: 500, delivered: 497, failed: 3 }),
      summary('node2', 'node1', 'node2', { received: 497 }),
      // A course node's messages are counted by the receiver only.
      summary('node2', 'student-node', 'node2', { received: 40 }),
    ]);
    assert.deepEqual(view.counters, { sent: 500, delivered: 497, failed: 3, received: 537 });
    assert.deepEqual(view.links.get(linkId('node1', 'node2')), { id: 'node1->node2', from: 'node1', to: 'node2', messages: 500, failed: 3, lastAt: T0 + 25 });
    assert.equal(view.links.get(linkId('student-node', 'node2'))?.messages, 40);
    const [node1, node2] = [view.nodes.get('node1')!, view.nodes.get('node2')!];
    assert.deepEqual([node1.sent, node1.failed, node2.received], [500, 3, 537]);
    assert.equal(view.messages.size, 0, 'a summary names no message');
  });

  test(`keeps the last ${MESSAGE_HISTORY} messages, oldest first, and evicts the oldest`, () => {
    const view = build([...nodes]);
    const total = MESSAGE_HISTORY + 100;
    for (let i = 0; i < total; i++) view.apply(messageEvents(`m${i}`, 'node1', 'node2', `#${i}`, T0 + i).sent);
    assert.equal(view.messages.size, MESSAGE_HISTORY);
    const ids = [...view.messages.keys()];
    assert.equal(ids[0], 'm100');
    assert.equal(ids.at(-1), `m${total - 1}`);
    assert.ok(!view.messages.has('m99'));
    // Counters and links count everything, not just what is kept.
    assert.equal(view.counters.sent, total);
    assert.equal(view.links.get('node1->node2')!.messages, total);
    // A later event of a kept message updates it in place: nothing is evicted, nothing moves.
    view.apply(messageEvents('m100', 'node1', 'node2', '#100', T0 + 100).delivered);
    assert.equal(view.messages.size, MESSAGE_HISTORY);
    assert.equal([...view.messages.keys()][0], 'm100');
    assert.equal(view.messages.get('m100')!.status, 'delivered');
    assert.equal(view.messages.get('m100')!.text, '#100');
  });

  test('snapshot() then fromSnapshot() gives the same picture, which then evolves the same way', () => {
    const events: TelemetryEvent[] = [
      ...nodes,
      registered('node3'),
      registered('node4'),
      registered('node5'),
      ...trafficEvents(1_200),
      messageEvents('f1', 'node1', 'node3', 'lost').failed,
      { type: 'message:received', id: 'c1', from: 'student', to: 'node4', text: 'classic', at: T0 + 9, source: 'node4' },
      { type: 'node:status-changed', nodeId: 'node5', status: 'dead', previous: 'suspect', at: T0 + 9, source: 'bootstrap' },
    ];
    const original = build(events);
    original.runtime = 'process';
    const snapshot = original.snapshot('ep0ch', 42);
    assert.equal(snapshot.epoch, 'ep0ch');
    assert.equal(snapshot.seq, 42);
    assert.equal(snapshot.messages.length, MESSAGE_HISTORY);

    // As a browser gets it: through JSON.
    const restored = NetworkView.fromSnapshot(JSON.parse(JSON.stringify(snapshot)));
    assert.deepEqual(restored.snapshot('ep0ch', 42), snapshot);

    // The copy is independent, and applying the same events keeps both equal (eviction order included).
    const more = [...trafficEvents(600, 1_000), messageEvents('m1000', 'node1', 'node2', 'x').received];
    for (const event of more) {
      original.apply(event);
      restored.apply(event);
    }
    assert.deepEqual(picture(restored), picture(original));
    assert.notDeepEqual(picture(restored), { ...snapshot, epoch: '', seq: 0 });
    assert.equal(snapshot.messages.length, MESSAGE_HISTORY, 'the snapshot itself did not change');
  });
});
