import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse, BroadcastResult, GossipStarted, OverlayState, TelemetryEvent } from '@peerscope/protocol';
import { startRecordingHub } from '../../../test/support/hub.js';
import { CLUSTER_TOKEN, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

/** Hops from `origin` to every node it can reach along the directed neighbour links. */
function distancesFrom(neighbours: Record<string, string[]>, origin: string): Map<string, number> {
  const distance = new Map([[origin, 0]]);
  const queue = [origin];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of neighbours[id] ?? []) {
      if (distance.has(next)) continue;
      distance.set(next, distance.get(id)! + 1);
      queue.push(next);
    }
  }
  return distance;
}

describe('the nodes follow the overlay the real bootstrap hands out in heartbeats', () => {
  const N = 10;
  let hub: Awaited<ReturnType<typeof startRecordingHub>>;
  let bootstrap: BootstrapProcess;
  const broadcastTargets = async (from: string) =>
    (await bootstrap.admin<BroadcastResult>('POST', '/broadcast', { from, text: 'probe' })).body.results.map((r) => r.to).sort();
  const useOverlay = async (kind: string, k = 3) => {
    const { body } = await bootstrap.admin<OverlayState>('PUT', '/overlay', { kind, k });
    // Each node learns its neighbours at its next heartbeat.
    for (const id of Object.keys(body.neighbours)) {
      const expected = [...body.neighbours[id]!].sort();
      await waitFor(`${id} to use its ${kind} neighbours`, async () => JSON.stringify(await broadcastTargets(id)) === JSON.stringify(expected), 10_000, 300);
    }
    return body;
  };

  before(async () => {
    hub = await startRecordingHub(CLUSTER_TOKEN);
    bootstrap = await startBootstrap({ nodes: N, env: { PEERSCOPE_HUB_URL: hub.url } });
    // The overlay is drawn over the nodes registered when it is set: all of them, even on a busy machine.
    const alive = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes.filter((n) => n.status === 'alive').length;
    await waitFor(`${N} nodes alive`, async () => (await alive()) === N, 60_000);
  });
  after(async () => {
    await bootstrap?.stop();
    await hub?.close();
  });

  test('a partial view of k = 3: broadcasts go to the 3 neighbours, a gossip reaches every node once', async () => {
    const overlay = await useOverlay('partial', 3);
    assert.equal(Object.keys(overlay.neighbours).length, N);
    const origin = 'node1';
    const distance = distancesFrom(overlay.neighbours, origin);
    assert.equal(distance.size, N, 'the overlay is connected');
    const ttl = Math.max(...distance.values()) + 2;

    const { body } = await bootstrap.admin<GossipStarted>('POST', '/gossip', { from: origin, text: 'overlay rumour', id: 'overlay-gossip', ttl, fanout: 3 });
    assert.deepEqual(body, { id: 'overlay-gossip', from: origin, ttl, fanout: 3 });
    const firsts = () =>
      hub.events.filter(
        (e): e is Extract<TelemetryEvent, { type: 'message:received' }> => e.type === 'message:received' && e.gossip?.id === 'overlay-gossip' && !e.duplicate,
      );
    await waitFor('every other node reached', () => firsts().length === N - 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(
      firsts()
        .map((e) => e.to)
        .sort(),
      Object.keys(overlay.neighbours)
        .filter((id) => id !== origin)
        .sort(),
    );
    for (const e of hub.events) {
      if (e.type === 'message:sent' && e.gossip?.id === 'overlay-gossip') assert.ok(overlay.neighbours[e.from]!.includes(e.to), `${e.from} → ${e.to}`);
    }
  });

  test("a ring: each node's broadcast reaches its ring neighbours; back to a full mesh: everyone", async () => {
    const ring = await useOverlay('ring');
    for (const neighbours of Object.values(ring.neighbours)) assert.ok(neighbours.length >= 1 && neighbours.length <= 2);
    const full = await useOverlay('full');
    assert.deepEqual(full.neighbours, {}, 'a full mesh names no neighbours');
    await waitFor('node3 to broadcast to everyone again', async () => (await broadcastTargets('node3')).length === N - 1, 10_000, 300);
  });
});
