import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TelemetryEvent } from '@peerscope/protocol';
import { LINK_HISTORY, MESSAGE_HISTORY, NODE_CAPACITY, NetworkView, coverage, linkId } from '../src/index.js';
import { T0, messageEvents, picture, range, registered, trafficEvents } from './fixtures.js';

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
    assert.deepEqual(view.nodes.get('node1'), { ...registered('node1').node, sent: 0, received: 0, failed: 0, fromOutside: 0 });
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
    assert.deepEqual(view.links.get(linkId('node1', 'node2')), {
      id: 'node1->node2',
      from: 'node1',
      to: 'node2',
      messages: 1,
      failed: 0,
      unverified: 0,
      lastAt: T0 + 5,
    });
    assert.equal(view.links.size, 1);
    assert.deepEqual(view.counters, { sent: 1, delivered: 1, failed: 0, received: 1 });
    assert.deepEqual([view.nodes.get('node1')!.sent, view.nodes.get('node2')!.received], [1, 1]);
  });

  test("keeps each event's Lamport clock on the message, in any arrival order; a course node's events carry none", () => {
    const m = messageEvents('lc', 'node1', 'node2', 'with clocks');
    const stamped = [
      { ...m.sent, lamport: 4 },
      { ...m.received, lamport: 9 },
      { ...m.delivered, lamport: 5 },
    ] as TelemetryEvent[];
    for (const order of permutations(stamped)) assert.deepEqual(build([...nodes, ...order]).messages.get('lc')!.lamport, { sent: 4, received: 9, outcome: 5 });
    const classic = build([...nodes, m.received]).messages.get('lc')!;
    assert.equal(classic.lamport, undefined);
    const view = build([...nodes, ...stamped]);
    assert.deepEqual(NetworkView.fromSnapshot(view.snapshot('e', 1)).messages.get('lc')!.lamport, { sent: 4, received: 9, outcome: 5 });
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

  test('received before sent still counts the message once on its link', () => {
    const m = messageEvents('abc', 'node1', 'node2', 'early');
    const sentFirst = build([...nodes, m.sent, m.received, m.delivered]);
    const receivedFirst = build([...nodes, m.received, m.sent, m.delivered]);
    assert.equal(sentFirst.links.get('node1->node2')!.messages, 1);
    assert.equal(receivedFirst.links.get('node1->node2')!.messages, 1);
  });

  test('a sender the picture does not know yet (its registration still on its way) makes no link until it is known', () => {
    const m = messageEvents('abc', 'node1', 'node2', 'early');
    const view = build([registered('node2'), m.sent, m.received, m.delivered]);
    assert.equal(view.links.size, 0);
    assert.equal(view.messages.get('abc')!.status, 'delivered');
    view.apply(registered('node1'));
    view.apply(messageEvents('def', 'node1', 'node2', 'later').sent);
    assert.equal(view.links.get('node1->node2')!.messages, 1);
  });

  test('a sender from outside the picture (only message:received is reported) makes no link: it is counted on the receiver', () => {
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
    assert.equal(view.links.size, 0);
    assert.equal(view.nodes.has('student-node'), false);
    const message = view.messages.get('c1')!;
    assert.deepEqual([message.from, message.to, message.text, message.receivedAt], ['student-node', 'node2', 'hello from flask', T0 + 7]);
    assert.equal(message.fromOutside, true);
    assert.deepEqual(view.counters, { sent: 0, delivered: 0, failed: 0, received: 1 });
    assert.deepEqual([view.nodes.get('node2')!.received, view.nodes.get('node2')!.fromOutside], [1, 1]);
    // A registered course node is a node of the picture: its messages make a link (whoever reports first, counted once).
    const classic = build([...nodes, registered('student-node', T0, { kind: 'classic' }), received]);
    assert.deepEqual(classic.links.get(linkId('student-node', 'node2')), {
      id: 'student-node->node2',
      from: 'student-node',
      to: 'node2',
      messages: 1,
      failed: 0,
      unverified: 0,
      lastAt: T0 + 7,
    });
    assert.equal(classic.messages.get('c1')!.fromOutside, undefined);
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
    assert.deepEqual(view.links.get(linkId('node1', 'node2')), {
      id: 'node1->node2',
      from: 'node1',
      to: 'node2',
      messages: 500,
      failed: 3,
      unverified: 0,
      lastAt: T0 + 25,
    });
    // student-node is not a node of the picture: no link, its messages counted on node2 as from outside.
    assert.equal(view.links.has(linkId('student-node', 'node2')), false);
    const [node1, node2] = [view.nodes.get('node1')!, view.nodes.get('node2')!];
    assert.deepEqual([node1.sent, node1.failed, node2.received, node2.fromOutside], [500, 3, 537, 40]);
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

describe('NetworkView: what input from outside can grow is bounded', () => {
  const receipt = (i: number, from: string, to = 'node2', extra: Partial<Extract<TelemetryEvent, { type: 'message:received' }>> = {}): TelemetryEvent => ({
    type: 'message:received',
    id: `x${i}`,
    from,
    to,
    text: `spam ${i}`,
    at: T0 + i,
    source: to,
    ...extra,
  });

  test("3,000 posts to a node's POST /message, each from a made-up sender: no node, no link, a small snapshot", () => {
    const view = build([...nodes]);
    const before = JSON.stringify(view.snapshot('', 0)).length;
    for (let i = 0; i < 3_000; i++) view.apply(receipt(i, `http://mallory-${i}.example/${'x'.repeat(200)}`, 'node2', { unverified: true }));
    assert.deepEqual([...view.nodes.keys()], ['node1', 'node2']);
    assert.equal(view.links.size, 0, 'a sender that is not a node of the picture is not a link');
    assert.deepEqual([view.nodes.get('node2')!.received, view.nodes.get('node2')!.fromOutside], [3_000, 3_000]);
    assert.equal(view.messages.size, MESSAGE_HISTORY);
    assert.ok(
      [...view.messages.values()].every((m) => m.fromOutside && m.unverified),
      'kept in the log as from outside',
    );
    const size = JSON.stringify(view.snapshot('', 0)).length;
    assert.ok(size < before + MESSAGE_HISTORY * 400, `snapshot ${size} bytes`);
  });

  test(`links are bounded: the last ${LINK_HISTORY} used, the least recently used goes first`, () => {
    const ids = range(1, 60).map((n) => `node${n}`);
    const view = build(ids.map((id) => registered(id)));
    let i = 0;
    for (const from of ids) for (const to of ids) if (from !== to) view.apply(messageEvents(`m${i++}`, from, to, 'hi', T0 + i).sent);
    assert.equal(i, 60 * 59);
    assert.equal(view.links.size, LINK_HISTORY);
    // node1's links were used first and went first; using one brings it back as the newest.
    assert.equal(view.links.has('node1->node2'), false);
    assert.ok(view.links.has('node60->node59'));
    view.apply(messageEvents('again', 'node1', 'node2', 'hi', T0 + i).sent);
    assert.equal([...view.links.keys()].at(-1), 'node1->node2');
    assert.equal(view.links.size, LINK_HISTORY);
    // A browser restoring the snapshot forgets the same links afterwards.
    const restored = NetworkView.fromSnapshot(view.snapshot('', 0));
    for (const event of [messageEvents('n1', 'node3', 'node1', 'x').sent, messageEvents('n2', 'node4', 'node1', 'x').sent]) {
      view.apply(event);
      restored.apply(event);
    }
    assert.deepEqual(picture(restored), picture(view));
  });

  test('a node that leaves takes its links with it', () => {
    const view = build([...nodes, registered('node3'), messageEvents('a', 'node1', 'node2', 'x').sent, messageEvents('b', 'node3', 'node1', 'x').sent]);
    view.apply({ type: 'node:deregistered', nodeId: 'node1', reason: 'left', at: T0 + 9, source: 'bootstrap' });
    assert.equal(view.links.size, 0);
  });

  test(`nodes are bounded by what a registry holds (${NODE_CAPACITY}): a node past it is left out`, () => {
    const view = new NetworkView();
    for (let n = 1; n <= NODE_CAPACITY + 10; n++) view.apply(registered(`node${n}`));
    view.apply({ type: 'node:started', nodeId: 'late', url: 'http://127.0.0.1:9', at: T0, source: 'late' });
    assert.equal(view.nodes.size, NODE_CAPACITY);
    assert.equal(view.nodes.has('late'), false);
    // One that leaves makes room.
    view.apply({ type: 'node:deregistered', nodeId: 'node1', reason: 'left', at: T0, source: 'bootstrap' });
    view.apply(registered('node9999'));
    assert.ok(view.nodes.has('node9999'));
  });

  test("a gossip's coverage counts only nodes of the picture", () => {
    const view = build([...nodes]);
    const gossip = { id: 'g1', origin: 'node1', hop: 1 };
    for (let i = 0; i < 100; i++) view.apply(receipt(i, 'node1', `ghost${i}`, { gossip }));
    view.apply(receipt(100, 'node1', 'node2', { gossip }));
    assert.deepEqual(Object.keys(view.gossips.get('g1')!.reachedAt), ['node2']);
  });

  test('a gossip is quiet once every hop sent has an outcome, and not before', () => {
    const view = build([...nodes, registered('node3')]);
    const gossip = { gossip: { id: 'g2', origin: 'node1', hop: 1 } };
    const tagged = (event: TelemetryEvent) => ({ ...event, ...gossip }) as TelemetryEvent;
    const first = messageEvents('h1', 'node1', 'node2', 'rumour');
    const second = messageEvents('h2', 'node1', 'node3', 'rumour');
    for (const event of [first.sent, second.sent, first.received, first.delivered]) view.apply(tagged(event));
    assert.equal(coverage(view.gossips.get('g2')!).quiet, false, 'one hop still in flight');
    view.apply(tagged(second.failed));
    const { quiet, full, reached } = coverage(view.gossips.get('g2')!);
    assert.deepEqual({ quiet, full, reached }, { quiet: true, full: false, reached: 2 });
  });
});

describe('NetworkView: a receipt whose sender did not report the send is an unverified claim', () => {
  const forged = (id: string, from = 'node1', to = 'node2'): TelemetryEvent => ({
    type: 'message:received',
    id,
    from,
    to,
    text: 'trust me',
    at: T0 + 3,
    source: to,
    unverified: true,
  });

  test('marked on the message and counted on its link; a later send from the sender itself clears it', () => {
    const view = build([...nodes, forged('c1')]);
    assert.equal(view.messages.get('c1')!.unverified, true);
    assert.deepEqual([view.links.get('node1->node2')!.messages, view.links.get('node1->node2')!.unverified], [1, 1]);
    // Another connection claiming the send does not count: only the sender's own.
    view.apply({ ...messageEvents('c1', 'node1', 'node2', 'trust me').sent, source: 'node2' });
    assert.equal(view.messages.get('c1')!.unverified, true);
    view.apply(messageEvents('c1', 'node1', 'node2', 'trust me').sent);
    assert.equal(view.messages.get('c1')!.unverified, undefined);
    assert.equal(view.links.get('node1->node2')!.unverified, 0);
  });

  test('a send of the same id between other ends does not clear it', () => {
    const view = build([...nodes, registered('node3'), forged('c1', 'node1', 'node2')]);
    view.apply(messageEvents('c1', 'node1', 'node3', 'other').sent);
    assert.equal(view.messages.get('c1')!.unverified, true);
  });

  test('a verified receipt is not marked', () => {
    const m = messageEvents('ok', 'node1', 'node2', 'fine');
    const view = build([...nodes, m.sent, m.received]);
    assert.equal(view.messages.get('ok')!.unverified, undefined);
    assert.equal(view.links.get('node1->node2')!.unverified, 0);
  });
});
