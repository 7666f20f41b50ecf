import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostNode, HostNodesResponse, SendResult } from '@peerscope/protocol';
import { Agent, request } from 'undici';
import { call } from '../../../test/support/http.js';
import { startBootstrap, stopProcess } from '../../../test/support/processes.js';
import { sample, scrape } from '../../../test/support/prometheus.js';
import { sleep, waitFor } from '../../../test/support/wait.js';
import { startFakeBootstrap } from './support/fake-bootstrap.js';
import { refuses, startPoolHost, type TestHost } from './support/pool-host.js';
import { tokenOf } from './support/nodes.js';

describe('a pool host: many real nodes in one process, each crashing and pausing on its own', () => {
  let bootstrap: Awaited<ReturnType<typeof startFakeBootstrap>>;
  let host: TestHost;
  const started = new Map<string, HostNode>();

  const startNode = async (id: string) => {
    const answer = await host.api<HostNode>('POST', '/nodes', { id, controlToken: tokenOf(id) });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    started.set(id, answer.body);
    await waitFor(`${id} registered`, () => bootstrap.nodes.has(id), 15_000);
    return answer.body;
  };
  const get = (node: HostNode, timeoutMs: number, dispatcher?: Agent) =>
    request(`${node.url}/`, { signal: AbortSignal.timeout(timeoutMs), ...(dispatcher && { dispatcher }) }).then(
      async (r) => ({ status: r.statusCode, body: (await r.body.json()) as { id: string; pid: number } }),
      (err: Error) => err.name,
    );

  before(async () => {
    bootstrap = await startFakeBootstrap({}, 200);
    host = await startPoolHost(bootstrap.url, { PEERSCOPE_POOL_NODES_PER_HOST: '4' });
    for (const id of ['a1', 'a2', 'a3']) await startNode(id);
  });
  after(async () => {
    await stopProcess(host);
    await bootstrap.close();
  });

  test('every node has its own port and server, in one process', async () => {
    const listed = (await host.api<HostNodesResponse>('GET', '/nodes')).body;
    assert.equal(listed.pid, host.pid);
    assert.deepEqual(listed.nodes.map((n) => n.id).sort(), ['a1', 'a2', 'a3']);
    assert.equal(new Set(listed.nodes.map((n) => n.port)).size, 3);
    for (const node of listed.nodes) {
      const answer = await call(`${node.url}/`);
      assert.deepEqual([answer.body.id, answer.body.pid], [node.id, host.pid]);
    }
    // They talk over TCP like any nodes: a2's inbox holds what a1 sent it (once a1's heartbeat told it of a2).
    await waitFor('a1 knows a2', async () => (await call(`${started.get('a1')!.url}/peers`)).body.peers.includes(started.get('a2')!.url));
    const sent = await call(`${started.get('a1')!.url}/control/send`, { body: { to: 'a2', text: 'same host' }, token: tokenOf('a1') });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    assert.equal((await call(`${started.get('a2')!.url}/messages`)).body.messages.at(-1).msg, 'same host');
  });

  test('the control API refuses bad input with a code, never crashes', async () => {
    const noToken = await call(`${host.url}/nodes`);
    assert.deepEqual([noToken.status, noToken.body.error.code], [401, 'unauthorized']);
    const badBody = await host.api('POST', '/nodes', { id: 'x y', controlToken: 'short' });
    assert.deepEqual([badBody.status, badBody.body.error.code], [400, 'invalid_body']);
    const extra = await host.api('POST', '/nodes', { id: 'b1', controlToken: tokenOf('b1'), url: 'http://example.com' });
    assert.deepEqual([extra.status, extra.body.error.code], [400, 'invalid_body']);
    const twice = await host.api('POST', '/nodes', { id: 'a1', controlToken: tokenOf('a1') });
    assert.deepEqual([twice.status, twice.body.error.code], [409, 'id_taken']);
    const unknown = await host.api('DELETE', '/nodes/nobody?mode=crash');
    assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'node_unknown']);
    const badMode = await host.api('DELETE', '/nodes/a1?mode=explode');
    assert.deepEqual([badMode.status, badMode.body.error.code], [400, 'invalid_query']);
    const badPause = await host.api('POST', '/nodes/nobody/pause');
    assert.deepEqual([badPause.status, badPause.body.error.code], [404, 'node_unknown']);
    await startNode('a4');
    const full = await host.api('POST', '/nodes', { id: 'a5', controlToken: tokenOf('a5') });
    assert.deepEqual([full.status, full.body.error.code], [409, 'too_many_nodes']);
    assert.equal((await host.api('DELETE', '/nodes/a4')).status, 200);
    assert.equal(host.child.exitCode, null);
  });

  test('pause: the node reads nothing and sends nothing until resume, as under SIGSTOP; its neighbours carry on', async () => {
    const [a1, a2] = [started.get('a1')!, started.get('a2')!];
    const paused = await host.api('POST', '/nodes/a1/pause');
    assert.deepEqual(paused.body, { id: 'a1', paused: true });
    const beatsAtPause = bootstrap.heartbeats.get('a1') ?? 0;
    const neighbourBeats = bootstrap.heartbeats.get('a2') ?? 0;

    assert.equal(await get(a1, 600), 'TimeoutError', 'a paused node does not answer');
    const waiting = get(a1, 15_000);
    await sleep(800);
    // At most the one heartbeat already on the wire when it froze.
    assert.ok((bootstrap.heartbeats.get('a1') ?? 0) <= beatsAtPause + 1, 'a paused node does not heartbeat');
    assert.ok((bootstrap.heartbeats.get('a2') ?? 0) > neighbourBeats, 'its neighbour in the same process does');
    assert.equal(((await get(a2, 5_000)) as { status: number }).status, 200);

    const resumed = await host.api('POST', '/nodes/a1/resume');
    assert.deepEqual(resumed.body, { id: 'a1', paused: false });
    const answer = await waiting;
    assert.equal(typeof answer === 'object' && answer.status, 200, 'the request that waited is answered after resume');
    await waitFor('a1 heartbeats again', () => (bootstrap.heartbeats.get('a1') ?? 0) > beatsAtPause + 1, 5_000);
  });

  test('crash: the port and every connection go at once, no goodbye; the neighbours are untouched', async () => {
    const [a2, a3] = [started.get('a2')!, started.get('a3')!];
    // A kept-alive connection into the victim, as its peers hold.
    const keepAlive = new Agent({ keepAliveTimeout: 30_000, connections: 1 });
    assert.equal(((await get(a2, 5_000, keepAlive)) as { status: number }).status, 200);

    const crashed = await host.api('DELETE', '/nodes/a2?mode=crash');
    assert.deepEqual(crashed.body, { id: 'a2', mode: 'crash', stopped: true });
    assert.equal(await refuses(a2.port), true, 'nothing listens on its port');
    assert.notEqual(typeof (await get(a2, 2_000, keepAlive)), 'object', 'its kept-alive connection is gone');
    const beats = bootstrap.heartbeats.get('a2') ?? 0;
    await sleep(700);
    assert.equal(bootstrap.heartbeats.get('a2') ?? 0, beats, 'its heartbeat timer stopped');
    assert.equal(bootstrap.goodbyes.has('a2'), false, 'a crash says no goodbye');

    const sent = await call(`${a3.url}/control/send`, { body: { to: 'a1', text: 'still here' }, token: tokenOf('a3') });
    assert.equal(sent.body.status, 'delivered');
    const toCrashed = await call(`${a3.url}/control/send`, { body: { to: a2.url, text: 'anyone?' }, token: tokenOf('a3') });
    assert.equal(toCrashed.body.status, 'failed');
    assert.equal(toCrashed.body.error.code, 'peer_unreachable');
    assert.deepEqual((await host.api<HostNodesResponse>('GET', '/nodes')).body.nodes.map((n) => n.id).sort(), ['a1', 'a3']);
    await keepAlive.close();

    // The same id can start again in the same host.
    const again = await startNode('a2');
    assert.notEqual(again.port, a2.port);
  });

  test('the owner going away (its IPC channel closes) stops every node with a goodbye, then the host', async () => {
    const ports = [...started.values()].filter((n) => n.id !== 'a4').map((n) => n.port);
    host.child.disconnect();
    assert.equal(await host.exited, 0);
    for (const port of ports) assert.equal(await refuses(port), true);
    assert.ok(bootstrap.goodbyes.has('a1') && bootstrap.goodbyes.has('a3'), 'the nodes left');
  });
});

describe("a pool host's nodes starting together against the real bootstrap", () => {
  test('fetch the whole peer list once between them, then ask only for what moved since', async () => {
    const bootstrap = await startBootstrap();
    const host = await startPoolHost(bootstrap.url, { PEERSCOPE_POOL_NODES_PER_HOST: '12' });
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `t${i + 1}`);
      await Promise.all(ids.map((id) => host.api('POST', '/nodes', { id, controlToken: tokenOf(id) })));
      await waitFor('all twelve registered', async () => (await bootstrap.admin('GET', '/nodes')).body.nodes.length === 12, 15_000);
      const { text } = await scrape(bootstrap.url);
      const registers = (list: string) => sample(text, 'peerscope_peer_list_answers_total', { call: 'register', list });
      assert.equal(registers('whole'), 1, 'one of them fetched the whole list; the others waited for it');
      assert.equal(registers('whole') + registers('changes') + registers('none'), 12);
      // Every node still knows every other (the list is shared; each leaves only itself out).
      const listed = (await host.api<HostNodesResponse>('GET', '/nodes')).body.nodes;
      await waitFor('full peer lists', async () => {
        const lists = await Promise.all(listed.map(async (node) => (await call(`${node.url}/peers`)).body.peers.length));
        return lists.every((count) => count === 11);
      });
    } finally {
      await stopProcess(host);
      await bootstrap.stop();
    }
  });
});

describe("a pool host's turns to send (PEERSCOPE_POOL_MAX_PEER_REQUESTS)", () => {
  let bootstrap: Awaited<ReturnType<typeof startFakeBootstrap>>;
  let host: TestHost;
  // A peer that takes 1.2 s to acknowledge each message, and counts how many it holds at once.
  let holding = 0;
  let most = 0;
  const slowPeer = createServer((req, res) => {
    holding += 1;
    most = Math.max(most, holding);
    req.resume();
    setTimeout(() => {
      holding -= 1;
      res.setHeader('content-type', 'application/json');
      res.end('{"status":"received"}');
    }, 1_200);
  });
  let peerUrl = '';

  before(async () => {
    await new Promise<void>((resolve) => slowPeer.listen(0, '127.0.0.1', resolve));
    peerUrl = `http://127.0.0.1:${(slowPeer.address() as AddressInfo).port}`;
    bootstrap = await startFakeBootstrap({}, 200);
    host = await startPoolHost(bootstrap.url, { PEERSCOPE_POOL_MAX_PEER_REQUESTS: '1', PEERSCOPE_MESSAGE_TIMEOUT_MS: '2000' });
  });
  after(async () => {
    await stopProcess(host);
    await bootstrap.close();
    slowPeer.closeAllConnections();
    slowPeer.close();
  });

  test('one message under way at a time; each waits its turn, and its 2 s timeout counts from when it leaves', async () => {
    const node = (await host.api<HostNode>('POST', '/nodes', { id: 't1', controlToken: tokenOf('t1') })).body;
    const sends = [1, 2, 3].map((n) => call(`${node.url}/control/send`, { body: { to: peerUrl, toUrl: peerUrl, text: `turn ${n}` }, token: tokenOf('t1') }));
    const results = (await Promise.all(sends)).map((r) => r.body as SendResult);
    assert.deepEqual(
      results.map((r) => r.status),
      ['delivered', 'delivered', 'delivered'],
      JSON.stringify(results),
    );
    assert.equal(most, 1, 'the peer never held two at once');
    // The last one waited two turns (2.4 s) and was answered 1.2 s after it left: 3.6 s in all, past its timeout.
    const latencies = results.map((r) => r.latencyMs).sort((x, y) => x - y);
    assert.ok(latencies[2]! >= 3_400, `latencies ${latencies.join(', ')} ms`);
  });
});
