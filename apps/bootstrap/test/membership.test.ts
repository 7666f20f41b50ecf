import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { RegisterResponseSchema, type AdminNodesResponse, type HeartbeatResponse, type MembershipStats, type RegisterResponse } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { sleep, waitFor } from '../../../test/support/wait.js';

const TOKEN = 'membership-test-control-token';

describe('membership at scale: versioned peer lists and a failure detector that tells slow from dead', () => {
  let bootstrap: BootstrapProcess;
  const nodes = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
  const statusOf = async (id: string) => (await nodes()).find((n) => n.id === id)?.status;
  const stats = async () => (await bootstrap.admin<MembershipStats>('GET', '/membership')).body;
  const beat = (id: string, query = '', token = TOKEN) => call<HeartbeatResponse>(`${bootstrap.url}/nodes/${id}/heartbeat${query}`, { method: 'POST', token });

  /**
   * The list publishes a version at most every 50 ms, the first change after a quiet spell at once:
   * a registration answers with its own arrival only after a quiet spell. A read publishes what is
   * pending (the nodes' start, the last test's goodbye, a status that moved), so quiet means two
   * reads 100 ms apart naming the same version.
   */
  const quietPeerList = async () => {
    let held = await stats();
    for (let tries = 0; tries < 50; tries++) {
      await sleep(100);
      const next = await stats();
      if (next.epoch === held.epoch && next.version === held.version) break;
      held = next;
    }
    return held;
  };

  before(async () => {
    bootstrap = await startBootstrap({ nodes: 4 });
  });
  after(async () => {
    await bootstrap.stop();
  });

  test('a heartbeat with the version it holds gets only the changes since; without one, the full list', async (t) => {
    // A hand-made member: this test heartbeats for it, and a stub answers the bootstrap's probe as it.
    const stub = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"byhand"}'));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    t.after(() => stub.close());
    const url = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
    await quietPeerList();
    const joined = await call<RegisterResponse>(`${bootstrap.url}/register`, { body: { url, id: 'byhand', controlToken: TOKEN } });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    // A peerscope node's answer is JSON text spliced from shared parts: it must still be the wire's shape.
    assert.ok(RegisterResponseSchema.safeParse(joined.body).success, 'the register answer fits RegisterResponseSchema');
    const { epoch, version, overlayVersion } = joined.body;
    assert.ok(epoch !== undefined && version !== undefined && overlayVersion !== undefined, 'the register answer names its versions');
    // The list as it stands, shared by every answer of the turn: a peerscope node skips its own entry.
    assert.deepEqual(
      joined.body.nodes?.map((n) => n.id),
      ['byhand', 'node1', 'node2', 'node3', 'node4'],
    );
    assert.deepEqual(
      joined.body.peers,
      joined.body.nodes?.map((n) => n.url),
    );

    const full = await beat('byhand');
    assert.deepEqual(
      full.body.nodes?.map((n) => n.id),
      ['node1', 'node2', 'node3', 'node4'],
      'an older node gets the whole list, without itself',
    );
    const held = `?epoch=${epoch}&version=${version}&overlayVersion=${overlayVersion}`;
    const current = await beat('byhand', held);
    assert.equal(current.status, 200);
    assert.equal(current.body.nodes, undefined, 'nothing moved: no list');
    assert.equal(current.body.changes, undefined);
    assert.equal(current.body.neighbours, undefined);

    await bootstrap.admin('DELETE', '/nodes/node4');
    await waitFor('node4 gone', async () => (await statusOf('node4')) === undefined);
    // Published within 50 ms of the last version (PEER_LIST_PUBLISH_MS): a heartbeat sooner gets nothing yet.
    const changed = await waitFor('the removal published', async () => {
      const answer = await beat('byhand', held);
      return answer.body.changes ? answer : undefined;
    });
    assert.deepEqual(changed.body.changes?.removed, ['node4']);
    assert.deepEqual(
      changed.body.changes?.upserts.filter((n) => n.id !== 'byhand'),
      [],
      'nothing else moved (its own entry may, if it turned suspect meanwhile)',
    );
    assert.ok(changed.body.version! > version!);

    const otherRun = await beat('byhand', `?epoch=another&version=${version}&overlayVersion=0`);
    assert.ok(otherRun.body.nodes, 'a version from another run gets the full list');
    assert.ok(otherRun.body.neighbours === null, 'and the overlay (a full mesh)');

    for (const bad of ['?epoch=x', '?version=-1&epoch=x&overlayVersion=0', '?epoch=bad%20epoch&version=1&overlayVersion=0']) {
      const refused = await beat('byhand', bad);
      assert.equal(refused.status, 400, bad);
      assert.equal((refused.body as unknown as { error: { code: string } }).error.code, 'invalid_query', bad);
    }
    assert.equal((await beat('byhand', '', 'a-wrong-token-of-enough-length')).status, 401);
    await call(`${bootstrap.url}/nodes/byhand`, { method: 'DELETE', token: TOKEN });
  });

  test('a registration that says which list it holds gets only what moved since: its own entry, or nothing, or (another run) the whole list', async (t) => {
    const stub = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sharer"}'));
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    t.after(() => stub.close());
    const url = `http://127.0.0.1:${(stub.address() as { port: number }).port}`;
    const register = (holds: { epoch: string; version: number }) =>
      call<RegisterResponse>(`${bootstrap.url}/register`, { body: { url, id: 'sharer', controlToken: TOKEN, holds } });
    const held = await quietPeerList();
    const joined = await register({ epoch: held.epoch, version: held.version });
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.ok(RegisterResponseSchema.safeParse(joined.body).success, 'the answer fits RegisterResponseSchema');
    assert.equal(joined.body.peers, undefined, 'no urls: the node holds the list');
    assert.equal(joined.body.nodes, undefined, 'no full list');
    assert.deepEqual(joined.body.changes, { upserts: [{ id: 'sharer', url, kind: 'peerscope', status: 'alive' }], removed: [] }, 'only its own arrival moved');
    assert.equal(joined.body.version, held.version + 1);

    const again = await register({ epoch: joined.body.epoch!, version: joined.body.version! });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.changes, undefined, 'registered again, unchanged: nothing moved');
    assert.equal(again.body.nodes, undefined);

    const otherRun = await register({ epoch: 'another', version: 3 });
    assert.deepEqual(
      otherRun.body.nodes?.map((n) => n.id).sort(),
      (await nodes())
        .filter((n) => n.status !== 'dead')
        .map((n) => n.id)
        .sort(),
      'a list of another run: the whole list, itself included',
    );
    const refused = await call(`${bootstrap.url}/register`, { body: { url, id: 'sharer', controlToken: TOKEN, holds: { epoch: 'bad epoch', version: -1 } } });
    assert.equal(refused.status, 400);
    await call(`${bootstrap.url}/nodes/sharer`, { method: 'DELETE', token: TOKEN });
  });

  test('a crashed node is dead within 3.5 s of the kill: its probe is refused', async () => {
    const before = (await stats()).detector.deathsConfirmed;
    const killedAt = Date.now();
    await bootstrap.admin('DELETE', '/nodes/node1?mode=crash');
    await waitFor('node1 dead', async () => (await statusOf('node1')) === 'dead', 5_000, 20);
    const took = Date.now() - killedAt;
    assert.ok(took <= 3_500, `dead ${took} ms after the kill`);
    assert.equal((await stats()).detector.deathsConfirmed, before + 1);
  });

  test('a paused node goes dead when its probe times out, and comes back alive when resumed', async () => {
    await bootstrap.admin('POST', '/nodes/node2/pause');
    await waitFor('node2 dead', async () => (await statusOf('node2')) === 'dead', 6_000, 50);
    assert.ok((await stats()).detector.deathsBySilence >= 1);
    await bootstrap.admin('POST', '/nodes/node2/resume');
    await waitFor('node2 alive again', async () => (await statusOf('node2')) === 'alive', 4_000, 50);
    assert.equal(await statusOf('node3'), 'alive', 'its neighbours were never touched');
  });
});
