import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse } from '@peerscope/protocol';
import { Pool } from 'undici';
import { call } from '../../../test/support/http.js';
import { ADMIN_TOKEN, startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const FAST_LIVENESS = { PEERSCOPE_HEARTBEAT_MS: '200', PEERSCOPE_SUSPECT_AFTER_MS: '400', PEERSCOPE_DEAD_AFTER_MS: '600' };
const CAP = 64;
const FLOOD = 300;

/** Sockets that connect and never say a word, as a flood would open them; counts the ones the server closes. */
function flood(port: number, count: number) {
  const sockets: Socket[] = [];
  let closed = 0;
  for (let i = 0; i < count; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    socket.on('close', () => (closed += 1));
    sockets.push(socket);
  }
  return { closed: () => closed, end: () => sockets.forEach((s) => s.destroy()) };
}

describe('a flood of idle sockets on the bootstrap', () => {
  let bootstrap: BootstrapProcess;
  before(async () => {
    bootstrap = await startBootstrap({ nodes: 2, env: { ...FAST_LIVENESS, PEERSCOPE_MAX_CONNECTIONS: String(CAP) } });
  });
  after(() => bootstrap.stop());

  test('costs new connections past the cap, not the nodes already connected, and its sockets are closed within seconds', async () => {
    // The test's own reader keeps one connection, opened before the flood, as the nodes keep theirs.
    const admin = new Pool(bootstrap.url, { connections: 1 });
    const statuses = async () => {
      const { body } = await admin.request({ path: '/api/nodes', method: 'GET', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      return ((await body.json()) as AdminNodesResponse).nodes.map((n) => n.status);
    };
    await waitFor('two nodes alive', async () => (await statuses()).filter((s) => s === 'alive').length === 2);

    const sockets = flood(bootstrap.port, FLOOD);
    try {
      // Past the cap, a socket is closed as soon as it is accepted.
      await waitFor('the sockets past the cap closed', () => sockets.closed() >= FLOOD - CAP, 5_000);
      // Meanwhile the nodes' heartbeats go on over their open connections: nobody is suspected.
      const seen = new Set<string>();
      for (const started = Date.now(); Date.now() - started < 3_000; await sleep(100)) for (const s of await statuses()) seen.add(s);
      assert.deepEqual([...seen], ['alive'], 'a node lost its heartbeats to the flood');
      // The held ones sent no request: closed once the headers timeout (10 s) passes.
      await waitFor('every flood socket closed', () => sockets.closed() === FLOOD, 20_000, 200);
    } finally {
      sockets.end();
      await admin.close();
    }
    // And a new client is served again.
    assert.equal((await call(`${bootstrap.url}/peers`)).status, 200);
  });
});

describe('a request asking to upgrade the connection', () => {
  let bootstrap: BootstrapProcess;
  before(async () => {
    bootstrap = await startBootstrap();
  });
  after(() => bootstrap.stop());

  test('is answered as any other request: the bootstrap speaks no other protocol, and such a request must not hold its socket', async () => {
    const socket = connect({ host: '127.0.0.1', port: bootstrap.port });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.write(
      'GET /peers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n',
    );
    await waitFor('an answer', () => answer.includes('\r\n\r\n'), 5_000);
    socket.destroy();
    assert.match(answer, /^HTTP\/1\.1 200 /);
  });
});
