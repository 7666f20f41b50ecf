import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SendResult, TrafficStatus } from '@peerscope/protocol';
import { ApiError, createLogger } from '@peerscope/server-kit';
import { TrafficGenerator } from '../src/traffic.js';
import { waitFor } from '../../../test/support/wait.js';

function generator(outcome: (n: number) => SendResult['status'] = () => 'delivered') {
  const changes: TrafficStatus[] = [];
  let n = 0;
  const traffic = new TrafficGenerator({
    pickPair: () => ({ from: 'node1', to: 'node2' }),
    send: async (from, to) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const status = outcome(n++);
      return { id: `m${n}`, from, to, status, latencyMs: 2, ...(status === 'failed' && { error: { code: 'timeout', message: 'no answer within 2000 ms' } }) };
    },
    onChange: (status) => changes.push(status),
    logger: createLogger('test', 'silent'),
  });
  return { traffic, changes };
}

test('a count run sends exactly that many and accounts for every one', async () => {
  const { traffic, changes } = generator((n) => (n % 5 === 0 ? 'failed' : 'delivered'));
  traffic.start({ count: 100 });
  await waitFor('the run to end', () => !traffic.get().running);
  assert.deepEqual(
    { ...traffic.get(), startedAt: 0 },
    { running: false, request: { count: 100 }, startedAt: 0, sent: 100, delivered: 80, failed: 20, unanswered: 0, failures: { timeout: 20 } },
  );
  assert.equal(changes[0]!.running, true);
  assert.equal(changes.at(-1)!.running, false);
});

test('a rate run keeps to its rate for its duration', async () => {
  const { traffic } = generator();
  traffic.start({ rate: 50, durationS: 1 });
  await waitFor('the run to end', () => !traffic.get().running, 5_000);
  const { sent, delivered } = traffic.get();
  assert.ok(sent >= 45 && sent <= 55, `${sent} sent at 50/s for 1 s`);
  assert.equal(delivered, sent);
});

test('stop ends a run; a new run counts only its own messages', async () => {
  const { traffic } = generator();
  traffic.start({ rate: 100, durationS: 60 });
  await waitFor('some traffic', () => traffic.get().sent > 10);
  assert.equal(traffic.stop().running, false);
  traffic.start({ count: 5 });
  await waitFor('the second run to end', () => !traffic.get().running);
  assert.equal(traffic.get().sent, 5);
  assert.equal(traffic.get().delivered, 5);
});

test('a send its node never answered counts as failed, and as unanswered: its outcome is unknown', async () => {
  let n = 0;
  const traffic = new TrafficGenerator({
    pickPair: () => ({ from: 'node1', to: 'node2' }),
    send: async (from, to) => {
      n += 1;
      if (n % 4 === 0) throw new ApiError('node_unanswered', 'node1 took the command but did not answer');
      if (n % 4 === 1) throw new ApiError('node_unreachable', 'node1 did not take the command');
      return { id: `m${n}`, from, to, status: 'delivered', latencyMs: 1 };
    },
    onChange: () => {},
    logger: createLogger('test', 'silent'),
  });
  traffic.start({ count: 40 });
  await waitFor('the run to end', () => !traffic.get().running);
  const { sent, delivered, failed, unanswered, failures } = traffic.get();
  assert.deepEqual({ sent, delivered, failed, unanswered }, { sent: 40, delivered: 20, failed: 20, unanswered: 10 });
  assert.deepEqual(failures, { node_unanswered: 10, node_unreachable: 10 }, 'each failure counted under its reason');
});

test('a run restored after a crash goes on from its count; sends whose answers died with the bootstrap count as unanswered', async () => {
  const saves: number[] = [];
  const first = new TrafficGenerator({
    pickPair: () => ({ from: 'node1', to: 'node2' }),
    send: async (from, to) => ({ id: 'm', from, to, status: 'delivered', latencyMs: 1 }),
    onChange: () => {},
    logger: createLogger('test', 'silent'),
    save: async () => void saves.push(Date.now()),
  });
  first.start({ count: 40 });
  await waitFor('the run to end', () => !first.get().running);
  assert.ok(saves.length > 0, 'sends were reserved in the state log before they left');
  const saved = first.saved();
  assert.ok(saved.reservedUpTo >= 40, 'every send was within a saved reservation');

  // What a crash mid-run leaves: 30 of 100 answered, up to 46 reserved.
  const { traffic } = generator();
  const crashed: TrafficStatus = {
    running: true,
    request: { count: 100 },
    startedAt: 1,
    sent: 35,
    delivered: 28,
    failed: 2,
    unanswered: 0,
    failures: { timeout: 2 },
  };
  traffic.restore({ status: crashed, reservedUpTo: 46 });
  await waitFor('the restored run to end', () => !traffic.get().running);
  assert.deepEqual(
    { ...traffic.get(), startedAt: 1 },
    {
      running: false,
      request: { count: 100 },
      startedAt: 1,
      sent: 100,
      delivered: 28 + 54,
      failed: 2 + 16,
      unanswered: 16,
      failures: { timeout: 2, bootstrap_restarted: 16 },
    },
  );
});

test('a fast count run reserves a quarter second of its own pace, not 16 sends per checkpoint', async () => {
  // Room each new reservation left beyond the sends made when it was taken.
  const margins: number[] = [];
  let bound = 0;
  const traffic: TrafficGenerator = new TrafficGenerator({
    pickPair: () => ({ from: 'node1', to: 'node2' }),
    send: async (from, to) => ({ id: 'm', from, to, status: 'delivered', latencyMs: 1 }),
    onChange: () => {},
    logger: createLogger('test', 'silent'),
    // A checkpoint takes a while, as the state log's grouped writes do.
    save: async () => {
      const { status, reservedUpTo } = traffic.saved();
      if (reservedUpTo !== bound) margins.push(reservedUpTo - status.sent);
      bound = reservedUpTo;
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
  });
  traffic.start({ count: 3_000 });
  await waitFor('the run to end', () => !traffic.get().running, 10_000);
  assert.equal(traffic.get().delivered, 3_000);
  assert.equal(margins[0], 16, 'the first reservation, before any pace is known, is the least');
  assert.ok(Math.max(...margins) > 16, `later reservations grew with the pace (largest ${Math.max(...margins)})`);
});
