import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { FaultState, TelemetryEvent } from '@peerscope/protocol';
import { NetworkView } from '@peerscope/network-view';
import { DiagramHistory } from '../lib/browser/space-time/history';
import { GEOMETRY, layoutDiagram, type ArrowLayout } from '../lib/browser/space-time/layout';
import { busiest, chooseLifelines, lifelinesThatFit } from '../lib/browser/space-time/lifelines';
import { arrowAt, distanceToSegment, pickablePoint } from '../lib/browser/space-time/hit-test';
import { describeArrow } from '../lib/browser/space-time/describe';

const T0 = 1_700_000_000_000;
const registered = (id: string, at = T0): TelemetryEvent => ({
  type: 'node:registered',
  at,
  source: 'bootstrap',
  node: { id, url: `http://127.0.0.1:${7000 + Number(id.slice(1))}`, kind: 'peerscope', status: 'alive', registeredAt: at, lastSeen: at },
});
const sent = (id: string, from: string, to: string, at: number, lamport?: number): TelemetryEvent => ({
  type: 'message:sent',
  id,
  from,
  to,
  text: 'x',
  at,
  source: from,
  ...(lamport !== undefined && { lamport }),
});
const received = (id: string, from: string, to: string, at: number, lamport?: number): TelemetryEvent => ({
  type: 'message:received',
  id,
  from,
  to,
  text: 'x',
  at,
  source: to,
  ...(lamport !== undefined && { lamport }),
});
const delivered = (id: string, from: string, to: string, at: number, lamport?: number): TelemetryEvent => ({
  type: 'message:delivered',
  id,
  from,
  to,
  latencyMs: 1,
  at,
  source: from,
  ...(lamport !== undefined && { lamport }),
});
const failed = (id: string, from: string, to: string, at: number, code: 'partitioned' | 'peer_unreachable', lamport?: number): TelemetryEvent => ({
  type: 'message:failed',
  id,
  from,
  to,
  latencyMs: 1,
  error: { code, message: `${code} on the way to ${to}` },
  at,
  source: from,
  ...(lamport !== undefined && { lamport }),
});
const faults = (at: number, state: Partial<FaultState>): TelemetryEvent => ({
  type: 'faults:changed',
  at,
  source: 'bootstrap',
  faults: { partition: null, links: [], paused: [], ...state },
});

const NODES = ['n1', 'n2', 'n3'].map((id) => registered(id));

/** A history started from a snapshot of n1, n2 and n3 (alive), then fed `events`. */
function historyOf(events: TelemetryEvent[]): DiagramHistory {
  const view = new NetworkView();
  for (const event of NODES) view.apply(event);
  const history = new DiagramHistory();
  history.reset(view);
  for (const event of events) history.apply(event);
  return history;
}

const arrow = (arrows: ArrowLayout[], id: string) => arrows.find((a) => a.id === id)!;

describe('space-time history', () => {
  test("a message's events, in any arrival order, make one record with its send, receipt and outcome", () => {
    const events = [sent('m1', 'n1', 'n2', T0 + 10, 1), received('m1', 'n1', 'n2', T0 + 12, 2), delivered('m1', 'n1', 'n2', T0 + 13, 2)];
    for (const order of [events, [...events].reverse(), [events[1]!, events[0]!, events[2]!]]) {
      const m = historyOf([...NODES, ...order]).messages.get('m1')!;
      assert.deepEqual(
        { sent: m.sent, received: m.received, outcome: m.outcome, status: m.status },
        { sent: { at: T0 + 10, lamport: 1 }, received: { at: T0 + 12, lamport: 2 }, outcome: { at: T0 + 13, lamport: 2 }, status: 'delivered' },
      );
    }
  });

  test("a receipt posted under a copied id is a message of its own, as the picture keeps it; the original's receipt stays its own", () => {
    const events = [sent('m1', 'n1', 'n2', T0 + 10), received('m1', 'n3', 'n1', T0 + 11), received('m1', 'n1', 'n2', T0 + 12)];
    const history = historyOf([...NODES, ...events]);
    assert.deepEqual([...history.messages.keys()], ['m1', 'm1@n3->n1']);
    assert.deepEqual(history.messages.get('m1')!.received, { at: T0 + 12 });
    assert.deepEqual(history.messages.get('m1@n3->n1')!.received, { at: T0 + 11 });
    // A snapshot of the same events keys them the same way.
    const view = new NetworkView();
    for (const event of [...NODES, ...events]) view.apply(event);
    const reset = new DiagramHistory();
    reset.reset(view);
    assert.deepEqual([...reset.messages.keys()].sort(), [...history.messages.keys()].sort());
  });

  test('bounded: the oldest messages and marks go first; a forgotten mark still sets its lifeline from there on', () => {
    const history = new DiagramHistory(3, 2);
    const view = new NetworkView();
    for (const e of NODES) view.apply(e);
    history.reset(view);
    for (let i = 1; i <= 5; i++) history.apply(sent(`m${i}`, 'n1', 'n2', T0 + i));
    assert.deepEqual([...history.messages.keys()], ['m3', 'm4', 'm5']);
    assert.deepEqual(
      [...history.messagesPerNode],
      [
        ['n1', 3],
        ['n2', 3],
      ],
    );
    history.apply(faults(T0 + 10, { paused: ['n3'] }));
    history.apply({ type: 'node:status-changed', nodeId: 'n2', status: 'suspect', previous: 'alive', at: T0 + 11, source: 'bootstrap' });
    history.apply({ type: 'node:status-changed', nodeId: 'n2', status: 'dead', previous: 'suspect', at: T0 + 12, source: 'bootstrap' });
    assert.deepEqual(
      history.marks.map((m) => m.kind),
      ['suspect', 'dead'],
    );
    assert.equal(history.baseline.get('n3')!.paused, true, 'the pause is in the baseline once its mark is gone');
  });

  test('crashes, restarts, pauses and partitions become marks on their lifelines', () => {
    const history = historyOf([
      ...NODES,
      { type: 'node:status-changed', nodeId: 'n2', status: 'suspect', previous: 'alive', at: T0 + 1, source: 'bootstrap' },
      { type: 'node:status-changed', nodeId: 'n2', status: 'dead', previous: 'suspect', at: T0 + 2, source: 'bootstrap' },
      { type: 'node:status-changed', nodeId: 'n2', status: 'alive', previous: 'dead', at: T0 + 3, source: 'bootstrap' },
      faults(T0 + 4, { paused: ['n1'] }),
      faults(T0 + 5, { paused: [], partition: { group: ['n3'], direction: 'both' } }),
      faults(T0 + 6, {}),
    ]);
    assert.deepEqual(
      history.marks.map((m) => `${m.node}:${m.kind}`),
      ['n2:suspect', 'n2:dead', 'n2:restarted', 'n1:paused', 'n1:resumed', 'n1:cut', 'n2:cut', 'n3:cut', 'n1:healed', 'n2:healed', 'n3:healed'],
    );
    assert.equal(history.marks.find((m) => m.node === 'n3' && m.kind === 'cut')!.state.cut, 'group');
    assert.equal(history.marks.find((m) => m.node === 'n1' && m.kind === 'cut')!.state.cut, 'rest');
  });

  test('a node paused until declared dead, then resumed, comes back alive: not marked as restarted', () => {
    const history = historyOf([
      ...NODES,
      faults(T0 + 1, { paused: ['n2'] }),
      { type: 'node:status-changed', nodeId: 'n2', status: 'suspect', previous: 'alive', at: T0 + 2, source: 'bootstrap' },
      { type: 'node:status-changed', nodeId: 'n2', status: 'dead', previous: 'suspect', at: T0 + 3, source: 'bootstrap' },
      faults(T0 + 4, {}),
      { type: 'node:status-changed', nodeId: 'n2', status: 'alive', previous: 'dead', at: T0 + 5, source: 'bootstrap' },
    ]);
    assert.deepEqual(
      history.marks.map((m) => `${m.node}:${m.kind}`),
      ['n2:paused', 'n2:suspect', 'n2:dead', 'n2:resumed', 'n2:alive'],
    );
    assert.equal(history.marks.at(-1)!.text, 'alive again (resumed)');
  });

  test("a snapshot starts the history over from the picture's messages and each node's state, clocks included", () => {
    const view = new NetworkView();
    for (const e of [
      ...NODES,
      sent('m1', 'n1', 'n2', T0, 3),
      received('m1', 'n1', 'n2', T0 + 2, 4),
      delivered('m1', 'n1', 'n2', T0 + 3, 4),
      faults(T0 + 5, { paused: ['n3'] }),
    ])
      view.apply(e);
    const history = historyOf([sent('old', 'n1', 'n2', T0 - 100)]);
    history.reset(NetworkView.fromSnapshot(view.snapshot('e', 9)));
    assert.deepEqual([...history.messages.keys()], ['m1']);
    assert.deepEqual(history.messages.get('m1')!.received, { at: T0 + 2, lamport: 4 });
    assert.equal(history.baseline.get('n3')!.paused, true);
    assert.deepEqual(history.marks, []);
  });
});

describe('space-time layout', () => {
  const exchange = [
    ...NODES,
    sent('a', 'n1', 'n2', T0 + 100, 1),
    received('a', 'n1', 'n2', T0 + 103, 2),
    delivered('a', 'n1', 'n2', T0 + 104, 2),
    sent('b', 'n2', 'n3', T0 + 200, 3),
    received('b', 'n2', 'n3', T0 + 201, 4),
    delivered('b', 'n2', 'n3', T0 + 202, 4),
    sent('c', 'n3', 'n1', T0 + 300, 5),
    failed('c', 'n3', 'n1', T0 + 301, 'partitioned', 6),
    sent('d', 'n1', 'n3', T0 + 400, 3),
  ];

  test('each message is an arrow from its sender to its receiver; a failure ends in a cross on the sender’s side; one in flight runs to the bottom', () => {
    const layout = layoutDiagram(historyOf(exchange), ['n1', 'n2', 'n3'], 'wall');
    const x = Object.fromEntries(layout.lifelines.map((l) => [l.node, l.x]));
    const a = arrow(layout.arrows, 'a');
    assert.deepEqual([a.x1, a.x2, a.state], [x.n1, x.n2, 'delivered']);
    assert.ok(a.y2 > a.y1, 'the receipt is below the send');
    const c = arrow(layout.arrows, 'c');
    assert.equal(c.state, 'failed');
    assert.equal(c.error?.code, 'partitioned');
    assert.equal(c.x2, x.n3! + (x.n1! - x.n3!) * GEOMETRY.crossShare, 'the cross is on the sender’s side');
    const d = arrow(layout.arrows, 'd');
    assert.deepEqual([d.state, d.y2], ['in-flight', layout.height]);
    // Wall-clock order: later sends are lower.
    assert.ok(a.y1 < arrow(layout.arrows, 'b').y1 && arrow(layout.arrows, 'b').y1 < c.y1 && c.y1 < d.y1);
  });

  test('a message with one end off the lifelines is a stub on the other end’s lifeline; one with neither end drawn is left out', () => {
    const layout = layoutDiagram(historyOf(exchange), ['n1', 'n3'], 'wall');
    const x = Object.fromEntries(layout.lifelines.map((l) => [l.node, l.x]));
    const stub = GEOMETRY.stubShare * GEOMETRY.columnWidth;
    assert.deepEqual(
      layout.arrows.map((a) => [a.id, a.offDiagram]),
      [
        ['a', 'to'],
        ['b', 'from'],
        ['c', undefined],
        ['d', undefined],
      ],
    );
    // Out to the right of its sender, at the send, with the outcome its sender heard.
    const a = arrow(layout.arrows, 'a');
    assert.deepEqual([a.x1, a.x2, a.y2 - a.y1, a.state], [x.n1, x.n1! + stub, GEOMETRY.stubDrop, 'delivered']);
    // In from the left of its receiver, at the receipt.
    const b = arrow(layout.arrows, 'b');
    assert.deepEqual([b.x1, b.x2, b.y2 - b.y1, b.state], [x.n3! - stub, x.n3, GEOMETRY.stubDrop, 'delivered']);
    assert.match(describeArrow(b), /^n2 → n3 \(n2 has no lifeline here\)/);
    assert.ok(a.y1 < b.y2 && b.y2 < arrow(layout.arrows, 'c').y1, 'stubs take their place in time among the other events');

    const one = layoutDiagram(historyOf(exchange), ['n1'], 'wall');
    // b (n2 → n3) has no end here; c failed at n3 before it reached n1, so nothing of it happened on n1's lifeline.
    assert.deepEqual(
      one.arrows.map((a) => [a.id, a.state]),
      [
        ['a', 'delivered'],
        ['d', 'in-flight'],
      ],
    );
    const logical = layoutDiagram(historyOf(exchange), ['n1', 'n3'], 'logical');
    for (const a of logical.arrows) assert.ok(a.y2 > a.y1, `${a.id}: ${a.y1} → ${a.y2}`);
  });

  test('logical order ranks by Lamport clock: events with the same clock share a row, every receipt lies below its send', () => {
    const layout = layoutDiagram(historyOf(exchange), ['n1', 'n2', 'n3'], 'logical');
    const [b, d] = [arrow(layout.arrows, 'b'), arrow(layout.arrows, 'd')];
    assert.equal(b.y1, d.y1, 'b and d were both sent at L 3: concurrent, one row');
    for (const a of layout.arrows) if (a.state !== 'in-flight') assert.ok(a.y2 > a.y1, `${a.id}: ${a.y1} → ${a.y2}`);
  });

  test('property: in logical order, whatever the wall clocks say (skewed, reordered), every receipt is below its send', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: fc.nat({ max: 3 }), to: fc.nat({ max: 3 }), skew: fc.integer({ min: -500, max: 500 }), deliver: fc.boolean() }), {
          minLength: 1,
          maxLength: 60,
        }),
        (sends) => {
          const ids = ['n1', 'n2', 'n3', 'n4'];
          // Lamport's rule, as every node keeps it (apps/node/src/lamport-clock.ts, tested there): a send ticks,
          // a receipt takes max(local, carried) + 1. Written out here: the page's build sees no node code.
          const time = ids.map(() => 0);
          const clocks = ids.map((_, n) => ({
            tick: () => (time[n] = time[n]! + 1),
            receive: (carried: number) => (time[n] = Math.max(time[n]!, carried) + 1),
          }));
          const events: TelemetryEvent[] = ids.map((id) => registered(id));
          sends.forEach((s, i) => {
            if (s.from === s.to) return;
            const [from, to] = [ids[s.from]!, ids[s.to]!];
            const sentAt = clocks[s.from]!.tick();
            events.push(sent(`m${i}`, from, to, T0 + i * 10, sentAt));
            if (s.deliver) events.push(received(`m${i}`, from, to, T0 + i * 10 + s.skew, clocks[s.to]!.receive(sentAt)));
          });
          const layout = layoutDiagram(historyOf(events), ids, 'logical');
          for (const a of layout.arrows) if (a.state === 'received') assert.ok(a.y2 > a.y1, `${a.id}: ${a.y1} → ${a.y2}`);
        },
      ),
      { numRuns: 200 },
    );
  });

  test('a course node reports no clock: its receipt is still ranked below the send', () => {
    const layout = layoutDiagram(historyOf([...NODES, sent('k', 'n1', 'n2', T0, 7), received('k', 'n1', 'n2', T0 + 1)]), ['n1', 'n2'], 'logical');
    const k = arrow(layout.arrows, 'k');
    assert.ok(k.y2 > k.y1);
  });

  test('lifelines are cut into stretches at their marks, in the state each mark sets', () => {
    const history = historyOf([
      ...exchange,
      { type: 'node:status-changed', nodeId: 'n2', status: 'dead', previous: 'alive', at: T0 + 250, source: 'bootstrap' },
    ]);
    const layout = layoutDiagram(history, ['n1', 'n2', 'n3'], 'wall');
    const n2 = layout.segments.filter((s) => s.node === 'n2');
    assert.deepEqual(
      n2.map((s) => s.state.status),
      ['alive', 'dead'],
    );
    const dead = layout.marks.find((m) => m.kind === 'dead')!;
    assert.equal(n2[1]!.y1, dead.y);
    assert.ok(dead.y > arrow(layout.arrows, 'b').y1 && dead.y < arrow(layout.arrows, 'c').y1, 'the crash sits between the events around it in time');
    // In logical order, the mark goes after the node's last event before it.
    const logical = layoutDiagram(history, ['n1', 'n2', 'n3'], 'logical');
    const deadL = logical.marks.find((m) => m.kind === 'dead')!;
    assert.ok(deadL.y > arrow(logical.arrows, 'b').y1);
    // Suspect then dead between the same two events: a row each, in time order.
    const both = layoutDiagram(
      historyOf([
        ...exchange,
        { type: 'node:status-changed', nodeId: 'n1', status: 'suspect', previous: 'alive', at: T0 + 500, source: 'bootstrap' },
        { type: 'node:status-changed', nodeId: 'n1', status: 'dead', previous: 'suspect', at: T0 + 501, source: 'bootstrap' },
      ]),
      ['n1', 'n2', 'n3'],
      'logical',
    );
    const [suspect, gone] = ['suspect', 'dead'].map((kind) => both.marks.find((m) => m.kind === kind)!);
    assert.ok(suspect!.y < gone!.y, `suspect at ${suspect!.y}, dead at ${gone!.y}`);
  });
});

describe('space-time lifelines and picking', () => {
  test('all: the first twelve in node order; selected: the graph’s selection; busiest: the most messages', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => `n${i + 1}`);
    assert.deepEqual(chooseLifelines({ choice: 'all', nodes, selected: [], messagesPerNode: new Map(), previous: [] }), nodes.slice(0, 12));
    assert.deepEqual(chooseLifelines({ choice: 'selected', nodes, selected: ['n9', 'n3', 'gone'], messagesPerNode: new Map(), previous: [] }), ['n3', 'n9']);
    const history = historyOf([...nodes.map((id) => registered(id)), sent('1', 'n20', 'n19', T0), sent('2', 'n20', 'n18', T0)]);
    const chosen = chooseLifelines({ choice: 'busiest', nodes, selected: [], messagesPerNode: history.messagesPerNode, previous: [], limit: 2 });
    assert.deepEqual(chosen, ['n18', 'n20']);
  });

  test('a panel holds as many lifelines as fit at the narrowest column; the others are left out, not drawn past its edge', () => {
    const [gutter, minColumn] = [72, 28];
    assert.equal(lifelinesThatFit(gutter + 12 * minColumn, gutter, minColumn), 12);
    assert.equal(lifelinesThatFit(gutter + 12 * minColumn - 1, gutter, minColumn), 11);
    assert.equal(lifelinesThatFit(gutter / 2, gutter, minColumn), 1, 'never none: one lifeline, squeezed');
    const nodes = Array.from({ length: 20 }, (_, i) => `n${i + 1}`);
    const limit = lifelinesThatFit(400, gutter, minColumn);
    assert.equal(chooseLifelines({ choice: 'all', nodes, selected: [], messagesPerNode: new Map(), previous: [], limit }).length, limit);
  });

  test('busiest keeps the lifelines drawn unless a newcomer is clearly busier', () => {
    const counts = new Map([
      ['a', 10],
      ['b', 10],
      ['c', 11],
      ['d', 30],
    ]);
    const kept = busiest(counts, ['a', 'b'], 2);
    assert.ok(kept.includes('d'), 'd (30) replaces a weakest (10)');
    assert.ok(!kept.includes('c'), 'c (11) is not clearly busier than 10');
  });

  test('picking: the arrow nearest the pointer, within a few pixels; a pickable point is on the arrow and picks it', () => {
    assert.equal(distanceToSegment(5, 5, 0, 0, 10, 10), 0);
    assert.equal(distanceToSegment(0, 10, 0, 0, 0, 5), 5);
    const layout = layoutDiagram(
      historyOf([
        ...NODES,
        sent('a', 'n1', 'n3', T0, 1),
        received('a', 'n1', 'n3', T0 + 400, 2),
        sent('b', 'n3', 'n1', T0 + 1, 1),
        received('b', 'n3', 'n1', T0 + 399, 2),
      ]),
      ['n1', 'n2', 'n3'],
      'wall',
    );
    const a = arrow(layout.arrows, 'a');
    const point = pickablePoint(layout, a)!;
    assert.equal(arrowAt(layout, point.x, point.y)?.id, 'a', 'a and b cross in the middle: the point found is not where they cross');
    assert.equal(arrowAt(layout, a.x1 - 50, a.y1), undefined);
  });
});
