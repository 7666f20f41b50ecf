import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse, SendResult } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { childPids, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

describe('a network of real processes on loopback', () => {
  let bootstrap: BootstrapProcess;
  const nodes = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
  const statusOf = async (id: string) => (await nodes()).find((n) => n.id === id)?.status;

  before(async () => {
    bootstrap = await startBootstrap({ nodes: 5 });
  });
  after(async () => {
    await bootstrap.stop();
  });

  test('5 nodes join, each on its own port, and each knows the other 4', async () => {
    const joined = await nodes();
    assert.deepEqual(
      joined.map((n) => [n.id, n.status, n.kind, n.managed]),
      [1, 2, 3, 4, 5].map((i) => [`node${i}`, 'alive', 'peerscope', true]),
    );
    assert.equal(new Set(joined.map((n) => n.url)).size, 5);
    for (const node of joined) {
      await waitFor(`${node.id} to know 4 peers`, async () => (await call(`${node.url}/peers`)).body.peers.length === 4);
      const hello = await call(node.url);
      assert.equal(hello.body.message, `Node ${node.id} is running!`);
    }
    const peers = await call(`${bootstrap.url}/peers`);
    assert.deepEqual([...peers.body.peers].sort(), joined.map((n) => n.url).sort());
  });

  test("50 messages between random pairs are all delivered and land in the receivers' inboxes", async () => {
    const ids = (await nodes()).map((n) => n.id);
    const pairs = Array.from({ length: 50 }, (_, i) => {
      const from = ids[Math.floor(Math.random() * ids.length)]!;
      const others = ids.filter((id) => id !== from);
      return { from, to: others[Math.floor(Math.random() * others.length)]!, text: `message ${i}` };
    });
    const results = await Promise.all(pairs.map((pair) => bootstrap.admin<SendResult>('POST', '/messages', pair)));
    for (const [i, result] of results.entries()) {
      assert.equal(result.status, 200);
      assert.equal(result.body.status, 'delivered', JSON.stringify(result.body));
      assert.equal(result.body.from, pairs[i]!.from);
      assert.equal(result.body.to, pairs[i]!.to);
      assert.ok(result.body.latencyMs >= 0);
    }
    const byId = new Map((await nodes()).map((n) => [n.id, n.url]));
    for (const [i, pair] of pairs.entries()) {
      const inbox = await call(`${byId.get(pair.to)}/messages`);
      const found = inbox.body.messages.find((m: { id: string }) => m.id === results[i]!.body.id);
      assert.equal(found?.msg, pair.text);
      assert.equal(found?.from, pair.from);
    }
  });

  test('a node killed with SIGKILL is dead within 3 s (suspect, then its probe is refused), and leaves the peer lists', async () => {
    const [victim] = (await nodes()).filter((n) => n.id === 'node5');
    assert.ok(victim);
    const { pid } = (await call<{ pid: number }>(victim.url)).body;
    assert.ok(childPids(bootstrap.child.pid!).includes(pid), 'node5 is a process of its own, started by the bootstrap');
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    // Suspect lasts only as long as the probe takes to be refused: too short to poll for.
    await waitFor('node5 dead', async () => (await statusOf('node5')) === 'dead', 5_000, 20);
    const elapsed = Date.now() - killedAt;
    // Suspect 2 s after the last heartbeat (≤ 2 s before the kill), dead at the refusal; the sweeper adds at most 100 ms and polling 20 ms.
    assert.ok(elapsed <= 3_150, `dead after ${elapsed} ms`);
    assert.ok(!(await call(`${bootstrap.url}/peers`)).body.peers.includes(victim.url));
    const failed = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node1', to: 'node5', text: 'anyone?' });
    assert.equal(failed.body.status, 'failed');
    assert.equal(failed.body.error?.code, 'peer_unreachable');
  });

  test('the admin API adds nodes, removes one gracefully and crashes another', async () => {
    const added = await bootstrap.admin('POST', '/nodes', { count: 2 });
    assert.equal(added.status, 201);
    assert.deepEqual(
      added.body.nodes.map((n: { id: string; status: string }) => [n.id, n.status]),
      [
        ['node6', 'alive'],
        ['node7', 'alive'],
      ],
    );

    const sent = await bootstrap.admin<SendResult>('POST', '/messages', { from: 'node6', to: 'node7', text: 'hi new neighbour' });
    assert.equal(sent.body.status, 'delivered');

    const removed = await bootstrap.admin('DELETE', '/nodes/node6?mode=graceful');
    assert.deepEqual(removed.body, { id: 'node6', mode: 'graceful', stopped: true });
    assert.equal(await statusOf('node6'), undefined, 'a graceful leave removes the node at once');

    const crashed = await bootstrap.admin('DELETE', '/nodes/node7?mode=crash');
    assert.deepEqual(crashed.body, { id: 'node7', mode: 'crash', stopped: true });
    assert.equal(await statusOf('node7'), 'alive', 'a crash gives no warning');
    await waitFor('node7 dead', async () => (await statusOf('node7')) === 'dead', 5_000);

    const again = await bootstrap.admin('DELETE', '/nodes/node7?mode=crash');
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'node_not_managed');

    // Removing the dead node forgets it now instead of after forgetAfterMs; there is nothing to stop.
    const forgotten = await bootstrap.admin('DELETE', '/nodes/node7?mode=graceful');
    assert.deepEqual(forgotten.body, { id: 'node7', mode: 'graceful', stopped: false });
    assert.equal(await statusOf('node7'), undefined);
    const gone = await bootstrap.admin('DELETE', '/nodes/node7?mode=graceful');
    assert.equal(gone.body.error.code, 'node_unknown');
  });
});
