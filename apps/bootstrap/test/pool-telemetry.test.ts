import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { AdminNodesResponse, SendResult } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startRecordingHub } from '../../../test/support/hub.js';
import { childPids, CLUSTER_TOKEN, startBootstrap } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

test('pooled nodes report over one connection per host, each event stamped with its own node, and hosts never hold the cluster token', async () => {
  const hub = await startRecordingHub(CLUSTER_TOKEN);
  const bootstrap = await startBootstrap({ nodes: 4, args: ['--runtime', 'pool'], env: { PEERSCOPE_HUB_URL: hub.url, PEERSCOPE_POOL_NODES_PER_HOST: '2' } });
  try {
    const { nodes } = (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body;
    const ids = nodes.map((n) => n.id);
    await waitFor('every node claimed by its host', () => ids.every((id) => hub.claims.some((c) => c.node === id && c.ok)));
    assert.equal(hub.hosts.size, 2, 'two hosts, two credentials');
    assert.equal(hub.connections(), 3, 'the bootstrap and one connection per host, not one per node');
    assert.deepEqual([...hub.sources], ['bootstrap']);
    await waitFor('node:started from each node', () => ids.every((id) => hub.events.some((e) => e.type === 'node:started' && e.source === id)));

    // A message is reported by each end under its own id, whichever host it runs in.
    const [from, to] = ids as [string, string];
    const sent = (await bootstrap.admin<SendResult>('POST', '/messages', { from, to, text: 'pooled' })).body;
    assert.equal(sent.status, 'delivered');
    await waitFor('both ends reported', () => {
      const mine = hub.events.filter((e) => 'id' in e && e.id === sent.id);
      return mine.some((e) => e.type === 'message:sent' && e.source === from) && mine.some((e) => e.type === 'message:received' && e.source === to);
    });
    assert.equal(hub.unclaimedEvents(), 0);
    // Pooled nodes keep their own Lamport clocks, as process nodes do (the same createNodeApp).
    const clockOf = (type: string) => (hub.events.find((e) => 'id' in e && e.id === sent.id && e.type === type) as { lamport?: number } | undefined)?.lamport;
    assert.ok(clockOf('message:sent')! < clockOf('message:received')!, `sent at ${clockOf('message:sent')}, received at ${clockOf('message:received')}`);

    for (const pid of childPids(bootstrap.child.pid!)) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
      assert.ok(!environ.includes(CLUSTER_TOKEN), 'a host gets a credential derived from the cluster token, not the token');
      assert.match(environ, /PEERSCOPE_HOST_CREDENTIAL=/);
    }
    // A pooled node answers as any node does.
    assert.equal((await call(nodes[0]!.url)).status, 200);
  } finally {
    await bootstrap.stop();
    await hub.close();
  }
});
