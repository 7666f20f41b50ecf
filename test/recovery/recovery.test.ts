// The network outlives any one part: `kill -9` (or a plain kill) of the dashboard's server and the
// bootstrap, then `kill -9` of one node and the launcher in turn, while traffic runs, on the launched system (real processes, real
// sockets). Bounds are loose for a loaded machine; bench:recovery records the times themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runRecovery } from '../../bench/support/recovery.js';
import { Cleanup, startLauncher, waitForAlive } from '../../bench/support/system.js';

// A plain `kill` (SIGTERM) of the dashboard's server or the bootstrap alone is not the end of the
// session: the launcher starts the part again, and it must come back as from a crash.
const RUNS = [
  { runtime: 'process', signal: 'SIGKILL' },
  { runtime: 'pool', signal: 'SIGKILL' },
  { runtime: 'process', signal: 'SIGTERM' },
] as const;

for (const { runtime, signal } of RUNS) {
  const how = signal === 'SIGKILL' ? 'killed' : 'stopped with a plain kill';
  test(`${runtime} runtime: each part ${how} in turn; the rest lives on, and each comes back`, { timeout: 420_000 }, async () => {
    const cleanup = new Cleanup();
    try {
      const system = await startLauncher(cleanup, { nodes: 5, env: { PEERSCOPE_RUNTIME: runtime }, timeoutMs: 180_000 });
      await waitForAlive(system, 5);
      const result = await runRecovery(system, { nodes: 5, rate: 20, signal }, (line) => console.log(`# ${line}`), { liveMs: 20_000, backMs: 20_000 });

      // The dashboard: the open page live again, every delivered message counted once.
      assert.ok(result.dashboard.liveAgainMs < 20_000);
      assert.ok(result.dashboard.generatorDelivered > 0, 'traffic ran across the kill');
      assert.equal(result.dashboard.pageDelivered, result.dashboard.generatorDelivered, 'nothing lost, nothing doubled');

      // The bootstrap: the nodes kept messaging and came back under their ids; counts within what the crash could not know.
      if (runtime === 'process')
        assert.deepEqual(result.bootstrap.sendsWhileDown, Array(5).fill('delivered'), 'sends node to node while the bootstrap is down');
      assert.ok(result.bootstrap.sameNodePids, 'no node process was restarted');
      assert.ok(result.bootstrap.nodesBackMs < 20_000);
      const { delivered, unanswered = 0 } = result.bootstrap.generator;
      assert.ok(delivered > 0);
      assert.ok(
        result.bootstrap.pageDelivered >= delivered && result.bootstrap.pageDelivered <= delivered + unanswered,
        `the page counts ${result.bootstrap.pageDelivered}: between the ${delivered} delivered and those plus the ${unanswered} of unknown outcome`,
      );

      // One node: dead, restarted under its id.
      assert.ok(result.node.deadAfterMs < 15_000);

      // The launcher: nothing outlives it.
      assert.deepEqual(result.launcher.leftovers, []);
    } finally {
      await cleanup.run();
    }
  });
}
