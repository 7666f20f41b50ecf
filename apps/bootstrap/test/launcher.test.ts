import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { freePort } from '../../../test/support/ports.js';
import { BOOTSTRAP_ENTRY, childPids, isRunning, spawnEntry, startBootstrap } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

test('SIGINT (Ctrl-C) stops the bootstrap and every node it started', async () => {
  const bootstrap = await startBootstrap({ nodes: 3 });
  const nodes = childPids(bootstrap.child.pid!);
  assert.equal(nodes.length, 3);
  assert.equal(await bootstrap.stop('SIGINT'), 0, 'a clean exit');
  await waitFor('every node gone', () => nodes.every((pid) => !isRunning(pid)), 5_000);
});

test('kill -9 of the launcher leaves no orphan: nodes stop by themselves', async () => {
  const bootstrap = await startBootstrap({ nodes: 3 });
  const nodes = childPids(bootstrap.child.pid!);
  assert.equal(nodes.length, 3);
  await bootstrap.stop('SIGKILL');
  await waitFor('every node gone', () => nodes.every((pid) => !isRunning(pid)), 5_000);
});

test('a busy port gets a one-line error naming the setting to change', async () => {
  const port = await freePort();
  const squatter = createServer().listen(port, '127.0.0.1');
  try {
    const run = spawnEntry(BOOTSTRAP_ENTRY, ['--port', String(port)], { PEERSCOPE_ADMIN_TOKEN: 'x'.repeat(16) });
    assert.equal(await run.exited, 2);
    const lines = run.output().trim().split('\n');
    assert.equal(lines.length, 1, run.output());
    assert.match(lines[0]!, new RegExp(`port ${port} .* in use.*--port / PEERSCOPE_BOOTSTRAP_PORT`));
  } finally {
    squatter.close();
  }
});

test('a bad setting gets a one-line error naming it', async () => {
  const run = spawnEntry(BOOTSTRAP_ENTRY, ['--nodes', 'many'], {});
  assert.equal(await run.exited, 2);
  assert.match(run.output().trim(), /^peerscope bootstrap: --nodes \/ PEERSCOPE_NODES: .*"many"/);
  const networks = spawnEntry(BOOTSTRAP_ENTRY, [], { PEERSCOPE_ALLOWED_NETWORKS: '127.0.0.0/8,everywhere' });
  assert.equal(await networks.exited, 2);
  assert.match(networks.output().trim(), /^peerscope bootstrap: PEERSCOPE_ALLOWED_NETWORKS: /);
  // Each runtime has its own bound; the pool's is far higher.
  const tooMany = spawnEntry(BOOTSTRAP_ENTRY, ['--nodes', '101'], {});
  assert.equal(await tooMany.exited, 2);
  assert.match(tooMany.output().trim(), /^peerscope bootstrap: --nodes \/ PEERSCOPE_NODES: at most 100 nodes on the process runtime \(PEERSCOPE_MAX_NODES\)/);
  const poolTooMany = spawnEntry(BOOTSTRAP_ENTRY, ['--nodes', '2001', '--runtime', 'pool'], {});
  assert.equal(await poolTooMany.exited, 2);
  assert.match(poolTooMany.output().trim(), /at most 2000 nodes on the pool runtime/);
});
