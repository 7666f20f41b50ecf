import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { startChild } from '../src/children.js';
import { Supervisor } from '../src/supervisor.js';
import { isRunning } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/stubborn-child.mjs', import.meta.url));

test('a part killed with kill -9 is started again at once; one that keeps dying waits longer each time', { timeout: 60_000 }, async () => {
  const restarts: number[] = [];
  const starts: number[] = [];
  let dies = false;
  const supervisor = new Supervisor({
    name: 'part',
    start: () => {
      starts.push(Date.now());
      return startChild('part', FIXTURE, dies ? ['--exit-after', '0', '1'] : [], {});
    },
    onRestarted: (_ready, n) => restarts.push(n),
    onGaveUp: () => assert.fail('it should not give up'),
    log: () => {},
    stableMs: 2_000,
  });
  try {
    await supervisor.start();
    const first = supervisor.child!.process.pid!;
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const killedAt = Date.now();
    process.kill(first, 'SIGKILL');
    await waitFor('a new part', () => restarts.length === 1, 15_000);
    assert.ok(starts[1]! - killedAt < 1_000, `a part that had lived is restarted at once (${starts[1]! - killedAt} ms)`);
    assert.notEqual(supervisor.child!.process.pid, first);

    // Now every start dies at once: the waits between starts grow (0, then 500, 1,000, 2,000 ms).
    dies = true;
    process.kill(supervisor.child!.process.pid!, 'SIGKILL');
    await waitFor('four more starts', () => starts.length >= 6, 30_000);
    const gaps = starts.slice(2, 6).map((at, i) => at - starts[i + 1]!);
    assert.ok(gaps[2]! >= 400 && gaps[3]! >= 900, `backoff between quick deaths: ${gaps.join(', ')} ms`);
  } finally {
    await supervisor.stop(1_000);
  }
  const last = supervisor.child?.process.pid;
  if (last) assert.equal(isRunning(last), false, 'stopped: nothing left');
});

test('a part that exits with code 2 (a setting, or a state file it cannot read) is not restarted: the launcher gives up', { timeout: 30_000 }, async () => {
  let starts = 0;
  let gaveUp = '';
  const supervisor = new Supervisor({
    name: 'dashboard',
    start: () => {
      starts += 1;
      return startChild('dashboard', FIXTURE, ['--exit-after', '100', '2'], {});
    },
    onGaveUp: (reason) => (gaveUp = reason),
    log: () => {},
  });
  await supervisor.start();
  await waitFor('the supervisor to give up', () => gaveUp !== '', 10_000);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(starts, 1, 'no crash loop');
  assert.match(gaveUp, /dashboard exited with code 2/);
  await supervisor.stop();
});
