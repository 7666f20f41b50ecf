import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AdminNodesResponse, TrafficStatus } from '@peerscope/protocol';
import { childPids, isRunning, startBootstrap } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

/** A thousand by default, as the pool runtime promises; PEERSCOPE_TEST_POOL_NODES sets another size. */
const NODES = Number(process.env.PEERSCOPE_TEST_POOL_NODES ?? 1_000);

test(`the pool runtime starts ${NODES} real nodes that all join, carry traffic and stop without leftovers`, { timeout: 240_000 }, async () => {
  const bootstrap = await startBootstrap({ args: ['--runtime', 'pool'] });
  try {
    const started = Date.now();
    const added = await bootstrap.admin<{ nodes: Array<{ status: string }> }>('POST', '/nodes', { count: NODES });
    assert.equal(added.status, 201, JSON.stringify(added.body).slice(0, 300));
    const nodes = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
    await waitFor(`${NODES} nodes alive`, async () => (await nodes()).filter((n) => n.status === 'alive').length === NODES, 120_000, 500);
    console.log(`# ${NODES} pooled nodes alive ${((Date.now() - started) / 1000).toFixed(1)} s after the add`);
    const hosts = childPids(bootstrap.child.pid!);
    assert.equal(hosts.length, Math.ceil(NODES / 250), '250 nodes a host');

    // Random traffic between random pairs: real sends over TCP between nodes in and across hosts.
    await bootstrap.admin('POST', '/traffic', { count: 500 });
    const traffic = await waitFor(
      'the traffic run to end',
      async () => {
        const status = (await bootstrap.admin<TrafficStatus>('GET', '/traffic')).body;
        return status.running ? undefined : status;
      },
      60_000,
      250,
    );
    assert.equal(traffic.sent, 500);
    assert.ok(traffic.delivered >= 495, `delivered ${traffic.delivered} of 500`);
    assert.equal((await nodes()).filter((n) => n.status === 'dead').length, 0, 'no node died meanwhile');

    await bootstrap.stop();
    await waitFor('every host process gone', () => hosts.every((pid) => !isRunning(pid)), 30_000, 100);
  } finally {
    await bootstrap.stop('SIGKILL');
  }
});
