import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NetworkSnapshot, TelemetryEvent } from '@peerscope/protocol';
import { ACTIVITY_HISTORY, GOSSIP_HISTORY, NetworkView, describeFaultChange, coverage, isCut, linkFaultLabel, noFaults } from '../src/index.js';
import { T0, faultsChanged, gossipHop, messageEvents, picture, registered } from './fixtures.js';

const build = (events: TelemetryEvent[]) => {
  const view = new NetworkView();
  for (const event of events) view.apply(event);
  return view;
};

/** A few shuffles of `items` (deterministic): enough orders to catch order-dependence, not all n!. */
function shuffles<T>(items: T[], count = 40): T[][] {
  let seed = 7;
  const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
  return Array.from({ length: count }, () => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  });
}

const fiveNodes = ['node1', 'node2', 'node3', 'node4', 'node5'].map((id) => registered(id));
const activity = (view: NetworkView) => view.activity.map((e) => e.text);

/** A gossip from node1 over five nodes: 2 first hops, 2 second hops, one duplicate, one failure. */
type MessageEvent = Extract<TelemetryEvent, { type: `message:${string}` }>;

function gossipWave(): MessageEvent[] {
  const g = (hop: number) => ({ id: 'g1', origin: 'node1', hop });
  const h6 = { id: 'h6', from: 'node4', to: 'node1', gossip: g(3), source: 'node4' };
  return [
    ...Object.values(gossipHop('h1', g(1), 'node1', 'node2', T0 + 10)),
    ...Object.values(gossipHop('h2', g(1), 'node1', 'node3', T0 + 11)),
    ...Object.values(gossipHop('h3', g(2), 'node2', 'node4', T0 + 20)),
    ...Object.values(gossipHop('h4', g(2), 'node3', 'node5', T0 + 25)),
    ...Object.values(gossipHop('h5', g(2), 'node3', 'node2', T0 + 26, true)),
    // A hop back towards the origin, across a partition.
    { ...h6, type: 'message:sent', text: 'rumour', at: T0 + 30 },
    { ...h6, type: 'message:failed', latencyMs: 1, error: { code: 'partitioned', message: 'cut off' }, at: T0 + 31 },
  ] as TelemetryEvent[] as MessageEvent[];
}

describe("NetworkView: the network's dynamics", () => {
  test("a gossip's coverage: reached nodes (origin included), hops, duplicates, failures, time to full coverage", () => {
    const view = build([...fiveNodes, ...gossipWave()]);
    const gossip = view.gossips.get('g1')!;
    assert.deepEqual(gossip, {
      id: 'g1',
      origin: 'node1',
      startedAt: T0 + 10,
      aliveAtStart: 5,
      reachedAt: { node2: T0 + 12, node3: T0 + 13, node4: T0 + 22, node5: T0 + 27 },
      maxHop: 2,
      hops: 6,
      settled: 6,
      duplicates: 1,
      failed: 1,
    });
    assert.deepEqual(coverage(gossip), { reached: 5, alive: 5, full: true, fullAfterMs: 17, quiet: true });
    // Each hop is its own message, and says which gossip it belongs to.
    assert.deepEqual(view.messages.get('h3')!.gossip, { id: 'g1', origin: 'node1', hop: 2 });
    assert.equal(view.messages.get('h5')!.duplicate, true);
    assert.equal(view.messages.get('h6')!.error?.code, 'partitioned');
  });

  test("a gossip's coverage is the same whatever order its hops' events arrive in", () => {
    const expected = build([...fiveNodes, ...gossipWave()]).gossips.get('g1');
    for (const order of shuffles(gossipWave())) {
      assert.deepEqual(build([...fiveNodes, ...order]).gossips.get('g1'), expected, order.map((e) => `${e.id}:${e.type}`).join(' '));
    }
  });

  test('a gossip that has not reached everyone is not covered; alive means alive when it started', () => {
    const dead = { type: 'node:status-changed', nodeId: 'node5', status: 'dead', previous: 'suspect', at: T0 + 1, source: 'bootstrap' } as TelemetryEvent;
    const partial = build([...fiveNodes, dead, ...gossipWave().filter((e) => e.id === 'h1' || e.id === 'h2')]);
    // Both its hops answered: quiet, not covered (the panel says it ended).
    assert.deepEqual(coverage(partial.gossips.get('g1')!), { reached: 3, alive: 4, full: false, fullAfterMs: undefined, quiet: true });
  });

  test(`follows the last ${GOSSIP_HISTORY} gossips`, () => {
    const events = Array.from(
      { length: GOSSIP_HISTORY + 5 },
      (_, i) => gossipHop(`m${i}`, { id: `g${i}`, origin: 'node1', hop: 1 }, 'node1', 'node2', T0 + i).sent,
    );
    const view = build([...fiveNodes, ...events]);
    assert.equal(view.gossips.size, GOSSIP_HISTORY);
    assert.equal([...view.gossips.keys()][0], 'g5');
  });

  test('a broadcast copy is marked as one', () => {
    const m = messageEvents('b1', 'node1', 'node2', 'to all');
    const view = build([...fiveNodes, { ...m.sent, broadcastId: 'B' } as TelemetryEvent]);
    assert.equal(view.messages.get('b1')!.broadcastId, 'B');
  });

  test('faults, overlay and traffic follow their events, and each change is logged in words', () => {
    const view = build([
      ...fiveNodes.slice(0, 3),
      faultsChanged({ partition: { group: ['node1', 'node2'], direction: 'both' } }, T0 + 1),
      faultsChanged({ partition: { group: ['node1', 'node2'], direction: 'both' }, paused: ['node3'] }, T0 + 2),
      faultsChanged({ partition: null, paused: ['node3'], links: [{ from: 'node1', to: 'node2', latencyMs: 120, jitterMs: 20, lossPct: 20 }] }, T0 + 3),
      faultsChanged({ links: [{ from: 'node1', latencyMs: 50, jitterMs: 0, lossPct: 0 }] }, T0 + 4),
      { type: 'overlay:changed', overlay: { kind: 'partial', k: 2, neighbours: { node1: ['node2', 'node3'] } }, at: T0 + 5, source: 'bootstrap' },
      // Neighbours refreshed as nodes come and go: the picture follows, the log keeps quiet.
      { type: 'overlay:changed', overlay: { kind: 'partial', k: 2, neighbours: { node1: ['node2'] } }, at: T0 + 6, source: 'bootstrap' },
      {
        type: 'traffic:changed',
        traffic: { running: true, request: { rate: 5, durationS: 10 }, startedAt: T0 + 7, sent: 0, delivered: 0, failed: 0 },
        at: T0 + 7,
        source: 'bootstrap',
      },
      {
        type: 'traffic:changed',
        traffic: { running: true, request: { rate: 5, durationS: 10 }, startedAt: T0 + 7, sent: 5, delivered: 5, failed: 0 },
        at: T0 + 8,
        source: 'bootstrap',
      },
      {
        type: 'traffic:changed',
        traffic: {
          running: false,
          request: { rate: 5, durationS: 10 },
          startedAt: T0 + 7,
          sent: 50,
          delivered: 47,
          failed: 3,
          failures: { peer_unreachable: 1, timeout: 2 },
        },
        at: T0 + 9,
        source: 'bootstrap',
      },
    ]);
    assert.deepEqual(view.faults, { partition: null, paused: [], links: [{ from: 'node1', latencyMs: 50, jitterMs: 0, lossPct: 0 }] });
    assert.deepEqual(view.overlay.neighbours, { node1: ['node2'] });
    assert.equal(view.traffic.sent, 50);
    assert.deepEqual(activity(view).slice(3), [
      'partition: node1, node2 cut off (both ways)',
      'node3 paused',
      'partition healed; link fault on node1 → node2: 120±20 ms, 20% loss',
      'node3 resumed; link fault on all links out of node1: 50 ms; link fault on node1 → node2 cleared',
      'overlay: partial view, k = 2',
      'traffic started: 5 msg/s for 10 s',
      'traffic stopped: 50 sent, 47 delivered, 3 failed (timeout 2, peer_unreachable 1)',
    ]);
  });

  test('the activity log has each node joining, changing status, coming back and leaving', () => {
    const status = (nodeId: string, previous: string, next: string, at: number) =>
      ({ type: 'node:status-changed', nodeId, status: next, previous, at, source: 'bootstrap' }) as TelemetryEvent;
    const view = build([
      registered('node1'),
      status('node1', 'alive', 'suspect', T0 + 1),
      status('node1', 'suspect', 'dead', T0 + 2),
      registered('node1', T0 + 3, { registeredAt: T0 + 3 }),
      registered('node1', T0 + 4, { registeredAt: T0 + 4 }),
      { type: 'node:deregistered', nodeId: 'node1', reason: 'left', at: T0 + 5, source: 'bootstrap' },
    ]);
    assert.deepEqual(activity(view), [
      'node1 joined (alive)',
      'node1 alive → suspect',
      'node1 suspect → dead',
      'node1 dead → alive',
      'node1 registered again',
      'node1 left',
    ]);
  });

  test(`the activity log keeps event-time order whatever the arrival order, and its last ${ACTIVITY_HISTORY} lines`, () => {
    const late = registered('node9', T0 + 1);
    const view = build([registered('node1', T0), faultsChanged({ paused: ['node1'] }, T0 + 5), late]);
    assert.deepEqual(activity(view), ['node1 joined (alive)', 'node9 joined (alive)', 'node1 paused']);

    const many = build(Array.from({ length: ACTIVITY_HISTORY + 10 }, (_, i) => registered(`n${i}`, T0 + i)));
    assert.equal(many.activity.length, ACTIVITY_HISTORY);
    assert.equal(many.activity[0]!.text, 'n10 joined (alive)');
  });

  test('the snapshot carries the dynamics; a restored picture evolves like the original', () => {
    const original = build([
      ...fiveNodes,
      faultsChanged({ partition: { group: ['node1'], direction: 'outbound' }, paused: ['node2'] }, T0 + 1),
      { type: 'overlay:changed', overlay: { kind: 'ring', k: 3, neighbours: { node1: ['node2', 'node5'] } }, at: T0 + 2, source: 'bootstrap' },
      ...gossipWave().slice(0, 6),
    ]);
    const restored = NetworkView.fromSnapshot(JSON.parse(JSON.stringify(original.snapshot('e', 1))));
    assert.deepEqual(picture(restored), picture(original));
    for (const event of [...gossipWave().slice(6), faultsChanged({}, T0 + 40), registered('node6', T0 + 41)]) {
      original.apply(event);
      restored.apply(event);
    }
    assert.deepEqual(picture(restored), picture(original));
    assert.equal(restored.activity.at(-1)!.text, 'node6 joined (alive)');
    assert.deepEqual(
      restored.activity.map((e) => e.n),
      original.activity.map((e) => e.n),
      'both number the lines alike',
    );
  });

  test('a snapshot from an older hub, without the dynamics, gives their defaults', () => {
    const older = { epoch: 'e', seq: 0, runtime: null, nodes: [], links: [], messages: [], counters: { sent: 0, delivered: 0, failed: 0, received: 0 } };
    const plain = older as unknown as NetworkSnapshot;
    const view = NetworkView.fromSnapshot(plain);
    assert.deepEqual(view.faults, noFaults());
    assert.equal(view.overlay.kind, 'full');
    assert.equal(view.traffic.running, false);
    assert.deepEqual([view.gossips.size, view.activity.length], [0, 0]);
  });
});

test("a busy picture's snapshot stays small: 50 nodes, 50 gossips that reached them all, a full activity log", () => {
  const nodes = Array.from({ length: 50 }, (_, i) => registered(`node${i + 1}`));
  const events: TelemetryEvent[] = [...nodes];
  for (let g = 0; g < 60; g++) {
    for (let n = 2; n <= 50; n++)
      events.push(gossipHop(`g${g}-${n}`, { id: `g${g}`, origin: 'node1', hop: 1 + (n % 6) }, 'node1', `node${n}`, T0 + g * 100 + n).received);
  }
  for (let i = 0; i < 300; i++) events.push(faultsChanged({ paused: i % 2 ? ['node2'] : [] }, T0 + 10_000 + i));
  events.push({
    type: 'overlay:changed',
    overlay: { kind: 'partial', k: 5, neighbours: Object.fromEntries(nodes.map((n) => [n.node.id, ['node1', 'node2', 'node3', 'node4', 'node5']])) },
    at: T0 + 20_000,
    source: 'bootstrap',
  });
  const view = build(events);
  assert.equal(view.gossips.size, GOSSIP_HISTORY);
  assert.equal(view.activity.length, ACTIVITY_HISTORY);
  const bytes = Buffer.byteLength(JSON.stringify(view.snapshot('e', 1)));
  assert.ok(bytes < 512 * 1024, `the snapshot is ${bytes} bytes`);
});

describe('words and cuts', () => {
  test('link fault labels', () => {
    assert.equal(linkFaultLabel({ latencyMs: 120, jitterMs: 20, lossPct: 20 }), '120±20 ms, 20% loss');
    assert.equal(linkFaultLabel({ latencyMs: 0, jitterMs: 0, lossPct: 5 }), '5% loss');
    assert.equal(linkFaultLabel({ latencyMs: 80, jitterMs: 0, lossPct: 0 }), '80 ms');
  });

  test('which links a partition cuts, by direction', () => {
    const cut = (direction: 'both' | 'outbound' | 'inbound') => {
      const faults = { ...noFaults(), partition: { group: ['a', 'b'], direction } };
      return [isCut(faults, 'a', 'c'), isCut(faults, 'c', 'a'), isCut(faults, 'a', 'b'), isCut(faults, 'c', 'd')];
    };
    assert.deepEqual(cut('both'), [true, true, false, false]);
    assert.deepEqual(cut('outbound'), [true, false, false, false]);
    assert.deepEqual(cut('inbound'), [false, true, false, false]);
    assert.equal(isCut(noFaults(), 'a', 'c'), false);
  });

  test('the same partition again, in another order, is no change', () => {
    const before = { ...noFaults(), partition: { group: ['a', 'b'], direction: 'both' as const } };
    assert.deepEqual(describeFaultChange(before, { ...before, partition: { group: ['b', 'a'], direction: 'both' } }), []);
    assert.deepEqual(describeFaultChange(before, { ...before, partition: { group: ['a', 'b'], direction: 'inbound' } }), [
      'partition: a, b cut off (inbound only)',
    ]);
  });
});
