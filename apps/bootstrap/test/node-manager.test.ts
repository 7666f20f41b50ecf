import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiError, createLogger } from '@peerscope/server-kit';
import { NodeManager } from '../src/node-manager.js';
import { Registry } from '../src/registry.js';
import { Gate } from '../src/runtimes/gate.js';
import type { Runtime, RuntimeNode } from '../src/runtimes/runtime.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };

/** A runtime like Docker's: a node is listed as running at once, and its start answers `answerAfterMs` later. */
function slowRuntime(answerAfterMs: number): Runtime {
  const running = new Map<string, RuntimeNode>();
  return {
    name: 'slow',
    async start(id: string) {
      const node = { id, handle: id, startedAt: Date.now() };
      running.set(id, node);
      await sleep(answerAfterMs);
      return node;
    },
    stop: async (id: string) => running.delete(id),
    list: async () => [...running.values()],
    pause: async () => false,
    resume: async () => false,
    close: async () => running.clear(),
  };
}

test('two adds in flight count a node the runtime lists before its start answers only once', async () => {
  const runtime = slowRuntime(200);
  const manager = new NodeManager(new Registry(timings), runtime, { maxNodes: 4, startTimeoutMs: 10 }, createLogger('test', 'silent'));
  const first = manager.startNodes(2);
  // The first add's nodes are listed now, and still starting.
  await sleep(50);
  const second = manager.startNodes(2);
  assert.equal((await Promise.all([first, second])).flat().length, 4);
  await assert.rejects(manager.startNodes(1), (err: ApiError) => err.code === 'too_many_nodes' && /^4 nodes run already/.test(err.message));
});

test('a node being started cannot be stopped or restarted until its start answers (node_busy), then it can', async () => {
  const manager = new NodeManager(new Registry(timings), slowRuntime(200), { maxNodes: 4, startTimeoutMs: 10 }, createLogger('test', 'silent'));
  const started = manager.startNodes(1);
  await sleep(50);
  const busy = (err: ApiError) => err.code === 'node_busy' && /node1 is being started/.test(err.message);
  await assert.rejects(manager.stopNode('node1', 'crash'), busy);
  await assert.rejects(manager.restart('node1'), busy);
  assert.deepEqual(
    (await started).map((n) => n.id),
    ['node1'],
  );
  assert.deepEqual(await manager.stopNode('node1', 'crash'), { id: 'node1', mode: 'crash', stopped: true });
});

test('a gate runs at most its limit at once, in order, and passes results and errors through', async () => {
  const gate = new Gate(3);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const results = await Promise.allSettled(
    Array.from({ length: 10 }, (_, i) =>
      gate.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(i);
        await sleep(10);
        running -= 1;
        if (i === 4) throw new Error('four');
        return i;
      }),
    ),
  );
  assert.equal(peak, 3);
  assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
    [0, 1, 2, 3, 'four', 5, 6, 7, 8, 9],
  );
  assert.throws(() => new Gate(0), RangeError);
});
