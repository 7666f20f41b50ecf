import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AdminNodesResponse, TrafficStatus } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startBootstrap, startNode, stopProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

test('a restarted bootstrap gets every live node back, under the same ids', async () => {
  let bootstrap = await startBootstrap();
  // Nodes started by hand (as containers or students would), so they outlive the bootstrap.
  const nodes = await Promise.all([1, 2, 3].map(() => startNode(bootstrap.url)));
  try {
    const list = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
    await waitFor('3 nodes registered', async () => (await list()).length === 3);
    const before = (await list()).map((n) => [n.id, n.url]);

    await bootstrap.stop('SIGKILL');
    // While the bootstrap is away the nodes keep serving.
    assert.equal((await call(nodes[0]!.url)).status, 200);

    bootstrap = await startBootstrap({ port: bootstrap.port });
    await waitFor('3 nodes back', async () => (await list()).filter((n) => n.status === 'alive').length === 3, 10_000);
    assert.deepEqual(
      (await list()).map((n) => [n.id, n.url]),
      before,
    );
    assert.ok(
      (await list()).every((n) => !n.managed),
      "nodes started by hand are not the runtime's",
    );

    // New ids continue after the ones that came back.
    const extra = await startNode(bootstrap.url);
    nodes.push(extra);
    await waitFor('node4', async () => (await list()).some((n) => n.id === 'node4' && n.url === extra.url));
  } finally {
    await Promise.all(nodes.map((n) => stopProcess(n)));
    await bootstrap.stop();
  }
});

test('a traffic run the bootstrap acknowledged survives its kill -9 right after the answer', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'peerscope-traffic-state-'));
  const env = { PEERSCOPE_BOOTSTRAP_STATE: join(dir, 'bootstrap-state.log') };
  let bootstrap = await startBootstrap({ env });
  try {
    const started = await bootstrap.admin<TrafficStatus>('POST', '/traffic', { rate: 1, durationS: 600 });
    assert.equal(started.status, 202);
    await bootstrap.stop('SIGKILL');
    bootstrap = await startBootstrap({ port: bootstrap.port, env });
    const resumed = (await bootstrap.admin<TrafficStatus>('GET', '/traffic')).body;
    assert.deepEqual([resumed.running, resumed.startedAt, resumed.request], [true, started.body.startedAt, { rate: 1, durationS: 600 }]);

    // And a stop it acknowledged stays stopped.
    assert.equal((await bootstrap.admin<TrafficStatus>('DELETE', '/traffic')).body.running, false);
    await bootstrap.stop('SIGKILL');
    bootstrap = await startBootstrap({ port: bootstrap.port, env });
    assert.equal((await bootstrap.admin<TrafficStatus>('GET', '/traffic')).body.running, false);
  } finally {
    await bootstrap.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
