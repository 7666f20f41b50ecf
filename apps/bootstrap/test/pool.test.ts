import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse, SendResult } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { childPids, isRunning, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

/** True when nothing listens on the url's port any more. */
const refuses = (url: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });

describe('the pool runtime: many real nodes per host process', () => {
  let bootstrap: BootstrapProcess;
  /** The host process (its pid) each node runs in, as the node's own `GET /` says. */
  const hostOf = new Map<string, number>();
  const nodes = async () => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;
  const entry = async (id: string) => (await nodes()).find((n) => n.id === id);
  const send = async (from: string, to: string, text: string) => (await bootstrap.admin<SendResult>('POST', '/messages', { from, to, text })).body;
  /** Two nodes of the same host, and one of another. */
  const sameHost = (pid: number, except: string[] = []) => [...hostOf].filter(([id, p]) => p === pid && !except.includes(id)).map(([id]) => id);

  before(async () => {
    // Six nodes, three a host: two host processes.
    bootstrap = await startBootstrap({ nodes: 6, args: ['--runtime', 'pool'], env: { PEERSCOPE_POOL_NODES_PER_HOST: '3' } });
    for (const node of await nodes()) hostOf.set(node.id, (await call<{ pid: number }>(node.url)).body.pid);
  });
  after(async () => {
    await bootstrap.stop();
  });

  test('nodes start in two host processes, register, and message each other within and across hosts', async () => {
    const listed = await nodes();
    assert.equal(listed.length, 6);
    assert.ok(listed.every((n) => n.status === 'alive' && n.managed));
    const pids = new Set(hostOf.values());
    assert.equal(pids.size, 2, 'three nodes a host');
    assert.deepEqual([...pids].sort(), childPids(bootstrap.child.pid!).sort(), 'the hosts are the bootstrap’s children');
    assert.equal((await call(`${bootstrap.url}/api/nodes`, { token: 'x'.repeat(20) })).status, 401);
    const [a, b] = sameHost([...pids][0]!) as [string, string];
    const [c] = sameHost([...pids][1]!) as [string];
    assert.equal((await send(a, b, 'same host')).status, 'delivered');
    assert.equal((await send(a, c, 'across hosts')).status, 'delivered');
    assert.equal((await send(c, a, 'back')).status, 'delivered');
    const inbox = (await call(`${(await entry(c))!.url}/messages`)).body.messages.map((m: { msg: string }) => m.msg);
    assert.ok(inbox.includes('across hosts'));
  });

  test('a crashed pooled node goes dead; its neighbours in the same host keep answering and messaging', async () => {
    const pid = [...new Set(hostOf.values())][0]!;
    const [victim, left, right] = sameHost(pid) as [string, string, string];
    const victimUrl = (await entry(victim))!.url;
    const crashed = await bootstrap.admin('DELETE', `/nodes/${victim}?mode=crash`);
    assert.deepEqual(crashed.body, { id: victim, mode: 'crash', stopped: true });
    assert.equal(await refuses(victimUrl), true, 'its port is closed at once');
    assert.equal(isRunning(pid), true, 'its host process lives on');
    await waitFor(`${victim} dead`, async () => (await entry(victim))?.status === 'dead', 6_000, 50);
    assert.equal((await entry(victim))?.managed, false);

    assert.equal((await call(`${(await entry(left))!.url}/`)).status, 200);
    assert.equal((await send(left, right, 'neighbours carry on')).status, 'delivered');
    assert.equal((await entry(left))?.status, 'alive');
    assert.equal((await entry(right))?.status, 'alive');
    assert.equal((await send(left, victim, 'gone?')).status, 'failed');

    // Back under the same id, in whichever host has room.
    const restarted = await bootstrap.admin('POST', `/nodes/${victim}/restart`);
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.deepEqual([restarted.body.id, restarted.body.status], [victim, 'alive']);
    assert.notEqual(restarted.body.url, victimUrl);
    hostOf.set(victim, (await call<{ pid: number }>(restarted.body.url)).body.pid);
    assert.equal((await send(victim, left, 'back')).status, 'delivered');
  });

  test('pause: suspect, then dead; resume: alive again and taking messages', async () => {
    const [victim, other] = [...hostOf.keys()] as [string, string];
    assert.deepEqual((await bootstrap.admin('POST', `/nodes/${victim}/pause`)).body, { id: victim, paused: true });
    await waitFor(`${victim} suspect`, async () => (await entry(victim))?.status === 'suspect', 5_000, 50);
    await waitFor(`${victim} dead`, async () => (await entry(victim))?.status === 'dead', 5_000, 50);
    assert.equal((await send(other, victim, 'asleep?')).status, 'failed');
    assert.equal((await entry(victim))?.managed, true, 'a paused node is still the runtime’s');

    assert.deepEqual((await bootstrap.admin('POST', `/nodes/${victim}/resume`)).body, { id: victim, paused: false });
    await waitFor(`${victim} alive`, async () => (await entry(victim))?.status === 'alive', 5_000, 50);
    assert.equal((await send(other, victim, 'awake?')).status, 'delivered');
  });

  test('a host process killed with kill -9 turns exactly its nodes dead, at once', async () => {
    const [doomed, spared] = [...new Set(hostOf.values())] as [number, number];
    const victims = sameHost(doomed);
    const survivors = sameHost(spared);
    assert.ok(victims.length > 0 && survivors.length > 0);
    const killedAt = Date.now();
    process.kill(doomed, 'SIGKILL');
    await waitFor('its nodes dead', async () => (await nodes()).filter((n) => victims.includes(n.id)).every((n) => n.status === 'dead'), 5_000, 20);
    // Well before the failure detector's 3 s of silence: the runtime saw the host exit.
    assert.ok(Date.now() - killedAt < 2_000, `dead after ${Date.now() - killedAt} ms`);
    const after = await nodes();
    for (const id of victims) assert.equal(after.find((n) => n.id === id)?.managed, false, `${id} is no longer run`);
    for (const id of survivors) assert.equal(after.find((n) => n.id === id)?.status, 'alive', `${id} is untouched`);
    for (const id of victims) hostOf.delete(id);

    // New nodes still start, in a new host.
    const added = await bootstrap.admin('POST', '/nodes', { count: 2 });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(
      added.body.nodes.map((n: { status: string }) => n.status),
      ['alive', 'alive'],
    );
  });

  test('kill -9 of the bootstrap leaves no host process behind', async () => {
    const hosts = childPids(bootstrap.child.pid!);
    assert.ok(hosts.length >= 2);
    const urls = (await nodes()).filter((n) => n.status === 'alive').map((n) => n.url);
    await bootstrap.stop('SIGKILL');
    await waitFor('every host process gone', () => hosts.every((pid) => !isRunning(pid)), 15_000, 50);
    for (const url of urls) assert.equal(await refuses(url), true);
  });
});
