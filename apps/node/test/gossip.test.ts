import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BroadcastResult, GossipStarted, TelemetryEvent } from '@peerscope/protocol';
import { startRecordingHub } from '../../../test/support/hub.js';
import { CLUSTER_TOKEN } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';
import { pick, SeenIds } from '../src/gossip.js';
import { startFakeBootstrap } from './support/fake-bootstrap.js';
import { startTestNodes, stopTestNodes, waitForFullPeerLists, type TestNode } from './support/nodes.js';

test('the seen set forgets the oldest ids past its capacity', () => {
  const seen = new SeenIds(3);
  for (const id of ['a', 'b', 'c', 'd']) seen.add(id);
  assert.equal(seen.size, 3);
  assert.equal(seen.has('a'), false);
  assert.ok(seen.has('b') && seen.has('d'));
});

test('pick takes up to `count` distinct entries at random', () => {
  assert.deepEqual(pick([1, 2], 5).sort(), [1, 2]);
  const picked = pick([1, 2, 3, 4, 5, 6], 3);
  assert.equal(new Set(picked).size, 3);
  const firsts = new Set(Array.from({ length: 200 }, () => pick([1, 2, 3, 4, 5, 6], 1)[0]));
  assert.equal(firsts.size, 6, 'every entry gets picked sometimes');
});

const N = 30;
const K = 3;
const ids = Array.from({ length: N }, (_, i) => `g${i + 1}`);

/** A partial view of k neighbours per node, strongly connected: the next on a ring plus k-1 at random. */
function partialView(): Record<string, string[]> {
  return Object.fromEntries(
    ids.map((id, i) => {
      const next = ids[(i + 1) % N]!;
      return [
        id,
        [
          next,
          ...pick(
            ids.filter((other) => other !== id && other !== next),
            K - 1,
          ),
        ],
      ];
    }),
  );
}

/** Hops from `origin` to every node along the directed neighbour links. */
function distancesFrom(view: Record<string, string[]>, origin: string): Map<string, number> {
  const distance = new Map([[origin, 0]]);
  const queue = [origin];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of view[id]!) {
      if (distance.has(next)) continue;
      distance.set(next, distance.get(id)! + 1);
      queue.push(next);
    }
  }
  return distance;
}

describe(`gossip over a partial view (${N} nodes, ${K} neighbours each)`, () => {
  const view = partialView();
  let hub: Awaited<ReturnType<typeof startRecordingHub>>;
  let bootstrap: Awaited<ReturnType<typeof startFakeBootstrap>>;
  let nodes: TestNode[] = [];

  before(async () => {
    hub = await startRecordingHub(CLUSTER_TOKEN);
    // A stand-in bootstrap hands out the view above, so the test controls the overlay exactly
    // (overlay.test.ts runs gossip over the real bootstrap's partial view too).
    bootstrap = await startFakeBootstrap(view);
    nodes = await startTestNodes(bootstrap.url, N, hub.url, 'g');
    await waitForFullPeerLists(nodes);
  });
  after(async () => {
    await stopTestNodes(nodes);
    await bootstrap?.close();
    await hub?.close();
  });

  test('with ttl ≥ the diameter and fanout = k, every node gets it exactly once; duplicates are acknowledged, not passed on', async (t) => {
    const origin = nodes[0]!;
    const diameter = Math.max(...ids.map((id) => Math.max(...distancesFrom(view, id).values())));
    assert.equal(distancesFrom(view, origin.id).size, N, 'the view is connected');
    // A node may first hear the gossip over a longer path than the shortest (the faster one wins), and
    // then passes it on with fewer hops left: two hops of slack keep "everyone" independent of timing.
    const ttl = diameter + 2;
    const started = await origin.control<GossipStarted>('POST', '/gossip', { text: 'rumour', id: 'gossip-1', ttl, fanout: K });
    assert.equal(started.status, 200);
    assert.deepEqual(started.body, { id: 'gossip-1', from: origin.id, ttl, fanout: K });

    const about = (e: TelemetryEvent): boolean => e.type.startsWith('message:') && 'gossip' in e && e.gossip?.id === 'gossip-1';
    const of = <T extends TelemetryEvent['type']>(type: T) => hub.events.filter((e) => e.type === type && about(e)) as Extract<TelemetryEvent, { type: T }>[];
    // What each node should send: the origin to all its neighbours, every other node once, to its
    // neighbours but the sender and the origin, while hops remain.
    const expectedSends = () => {
      let sends = view[origin.id]!.length;
      for (const first of of('message:received').filter((e) => !e.duplicate)) {
        if (first.gossip!.hop < ttl) sends += view[first.to]!.filter((n) => n !== first.from && n !== origin.id).length;
      }
      return sends;
    };
    const progress = () => ({
      reached: of('message:received').filter((e) => !e.duplicate).length,
      sent: of('message:sent').length,
      expected: expectedSends(),
      outcomes: of('message:delivered').length + of('message:failed').length,
      received: of('message:received').length,
      delivered: of('message:delivered').length,
    });
    await waitFor(
      'the gossip to reach everyone and settle',
      () => {
        const p = progress();
        return p.reached === N - 1 && p.sent === p.expected && p.outcomes === p.sent && p.received === p.delivered;
      },
      20_000,
    ).catch((err: Error) => {
      const reached = new Set(
        of('message:received')
          .filter((e) => !e.duplicate)
          .map((e) => `${e.to}@${e.gossip!.hop}<-${e.from}`),
      );
      throw new Error(`${err.message}\n${JSON.stringify(progress())}\nview ${JSON.stringify(view)}\nreached ${[...reached].join(' ')}`);
    });

    const received = of('message:received');
    const firsts = received.filter((e) => !e.duplicate);
    const duplicates = received.filter((e) => e.duplicate);
    assert.deepEqual(firsts.map((e) => e.to).sort(), ids.filter((id) => id !== origin.id).sort(), 'every node but the origin, once');
    assert.ok(!received.some((e) => e.to === origin.id), 'the gossip never comes back to its origin');
    assert.equal(duplicates.length, received.length - (N - 1));
    assert.ok(duplicates.length > 0, 'flooding a partial view brings duplicates');
    assert.equal(of('message:failed').length, 0);

    for (const e of of('message:sent')) {
      assert.ok(e.gossip!.hop >= 1 && e.gossip!.hop <= ttl, `hop ${e.gossip!.hop} within ttl ${ttl}`);
      assert.ok(view[e.from]!.includes(e.to), `${e.from} → ${e.to} is a neighbour link`);
      assert.equal(e.gossip!.origin, origin.id);
    }
    // A node's first copy comes no sooner than its distance from the origin.
    const distance = distancesFrom(view, origin.id);
    for (const e of firsts) assert.ok(e.gossip!.hop >= distance.get(e.to)!, `${e.to} at hop ${e.gossip!.hop}`);
    // Each hop is its own message: one id per send, correlated with its delivery and receipt.
    const sentIds = of('message:sent').map((e) => e.id);
    assert.equal(new Set(sentIds).size, sentIds.length);

    const maxHop = Math.max(...firsts.map((e) => e.gossip!.hop));
    const spreadMs = Math.max(...firsts.map((e) => e.at)) - Math.min(...of('message:sent').map((e) => e.at));
    t.diagnostic(
      `diameter ${diameter}, ttl ${ttl}: ${of('message:sent').length} hops, ${duplicates.length} duplicates, last node at hop ${maxHop}, full coverage in ${spreadMs} ms`,
    );

    for (const node of nodes) {
      const kept = (await node.inbox()).filter((m) => m.msg === 'rumour');
      assert.equal(kept.length, node === origin ? 0 : 1, `${node.id}'s inbox`);
    }
  });

  test("a broadcast in a partial view goes to the node's neighbours only", async () => {
    const origin = nodes[4]!;
    const { body } = await origin.control<BroadcastResult>('POST', '/broadcast', { text: 'neighbours only' });
    assert.deepEqual(body.results.map((r) => r.to).sort(), [...view[origin.id]!].sort());
    assert.ok(body.results.every((r) => r.status === 'delivered'));
  });
});
