import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { startChild, stopChildren } from '../src/children.js';
import { childPids, isRunning } from '../../../test/support/processes.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/stubborn-child.mjs', import.meta.url));

test('stopping ends even when a part ignores the signal to stop: it is killed after the grace period', { timeout: 30_000 }, async () => {
  const { child } = await startChild('stubborn', FIXTURE, ['--ignore-signals'], {});
  const pid = child.process.pid!;
  try {
    const started = Date.now();
    const killed = await Promise.race([stopChildren([child], 500), new Promise<string[]>((resolve) => setTimeout(() => resolve(['still waiting']), 10_000))]);
    assert.deepEqual(killed, ['stubborn']);
    assert.equal(await child.exited, 'SIGKILL');
    assert.ok(Date.now() - started < 5_000, 'stopped soon after the grace period');
    assert.equal(isRunning(pid), false);
  } finally {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
});

test('a part that stops by itself is not killed', { timeout: 30_000 }, async () => {
  const { child } = await startChild('polite', FIXTURE, [], {});
  assert.deepEqual(await stopChildren([child], 5_000), []);
  assert.equal(await child.exited, 'SIGINT', 'asked as Ctrl-C asks: the session ends');
});

test('a part that is never ready is stopped, killed if need be, before the start fails: no orphan', { timeout: 30_000 }, async () => {
  const before = new Set(childPids(process.pid));
  const failed = await startChild('sleepy', FIXTURE, ['--never-ready', '--ignore-signals'], {}, { timeoutMs: 300, graceMs: 500 }).then(
    () => 'started',
    (err: Error) => err.message,
  );
  assert.equal(failed, 'sleepy was not ready after 0.3 s');
  assert.deepEqual(
    childPids(process.pid).filter((pid) => !before.has(pid) && isRunning(pid)),
    [],
  );
});
