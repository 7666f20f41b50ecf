import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Checkpointer, type StateLog } from '../src/index.js';

/** A state log that notes when each checkpoint was appended. */
function notingLog() {
  const appended: number[] = [];
  const log = { append: async () => void appended.push(performance.now()), close: async () => {} } as unknown as StateLog<number>;
  return { log, appended };
}

/** Keeps the event loop busy for `ms`, as taking a large checkpoint does. */
const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

test('changes made in a short spell become one checkpoint, and each waiter learns once one holding its change is on disk', async () => {
  const { log, appended } = notingLog();
  const checkpoints = new Checkpointer(log, () => 1, 20);
  await Promise.all([checkpoints.saved(), checkpoints.saved(), checkpoints.saved()]);
  assert.equal(appended.length, 1);
  await checkpoints.close();
});

test('a checkpoint that costs the event loop more makes the next spell longer: ten times its cost', async () => {
  const { log, appended } = notingLog();
  const checkpoints = new Checkpointer(log, () => (busy(30), 1), 10);
  await checkpoints.saved();
  const asked = performance.now();
  await checkpoints.saved();
  assert.equal(appended.length, 2);
  // The second was taken no sooner than 10 × 30 ms after it was asked for, not 10 ms.
  assert.ok(appended[1]! - asked >= 300, `taken ${Math.round(appended[1]! - asked)} ms after it was asked for`);
  await checkpoints.close();
});
