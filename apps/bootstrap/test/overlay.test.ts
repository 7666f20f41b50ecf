import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OverlayState } from '@peerscope/protocol';
import { Overlay } from '../src/overlay.js';
import { Registry } from '../src/registry.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };
const TOKEN = 'overlay-test-control-token';

function network(size: number) {
  let clock = 0;
  const registry = new Registry(timings, () => clock);
  for (let i = 1; i <= size; i++) registry.register({ url: `http://127.0.0.1:${7000 + i}`, id: `node${i}`, controlToken: TOKEN });
  const overlay = new Overlay(registry);
  return { registry, overlay, advance: (ms: number) => ((clock += ms), registry.sweep()) };
}

/** Every node reaches every other by following neighbours (the overlay is strongly connected). */
function stronglyConnected(state: OverlayState): boolean {
  const ids = Object.keys(state.neighbours);
  return ids.every((start) => {
    const seen = new Set([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const next of state.neighbours[queue.shift()!] ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return seen.size === ids.length;
  });
}

test('a full mesh has no neighbour lists: everyone is a neighbour', () => {
  const { overlay } = network(5);
  assert.equal(overlay.neighboursOf('node1'), undefined);
});

test('a ring gives each node its previous and next node', () => {
  const { overlay } = network(4);
  overlay.set({ kind: 'ring', k: 3 });
  assert.deepEqual(overlay.neighboursOf('node1'), ['node2', 'node4']);
  assert.deepEqual(overlay.neighboursOf('node3'), ['node2', 'node4']);
});

test('a partial view gives k distinct neighbours each, connected, and keeps them while they live', () => {
  const { overlay, registry, advance } = network(30);
  overlay.set({ kind: 'partial', k: 3 });
  const state = overlay.state();
  for (const [id, neighbours] of Object.entries(state.neighbours)) {
    assert.equal(neighbours.length, 3, id);
    assert.equal(new Set(neighbours).size, 3);
    assert.ok(!neighbours.includes(id));
  }
  assert.ok(stronglyConnected(state));

  // node7 dies: only the lists that held it change, and it leaves them.
  for (let i = 1; i <= 30; i++) if (i !== 7) registry.heartbeat(`node${i}`, TOKEN);
  advance(2_000);
  for (let i = 1; i <= 30; i++) if (i !== 7) registry.heartbeat(`node${i}`, TOKEN);
  advance(1_500);
  assert.equal(registry.get('node7')?.status, 'dead');
  const after = overlay.state();
  assert.equal(after.neighbours.node7, undefined);
  for (const [id, neighbours] of Object.entries(after.neighbours)) {
    assert.ok(!neighbours.includes('node7'), id);
    assert.equal(neighbours.length, 3);
    const before = state.neighbours[id]!;
    if (!before.includes('node7') && !before.includes('node8')) assert.deepEqual(neighbours, before, `${id} kept its neighbours`);
  }
  assert.ok(stronglyConnected(after));
});

test('listeners hear of every change', () => {
  const { overlay, registry } = network(3);
  const heard: string[] = [];
  overlay.onChange((state) => heard.push(state.kind));
  overlay.set({ kind: 'ring', k: 2 });
  registry.register({ url: 'http://127.0.0.1:7999', id: 'node9', controlToken: TOKEN });
  assert.deepEqual(heard, ['ring', 'ring']);
});
