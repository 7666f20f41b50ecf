import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { BroadcastResult, SendResult } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { freePort } from '../../../test/support/ports.js';
import { NODE_ENTRY, spawnEntry, stopProcess, type Spawned } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';
import { startFakeBootstrap } from './support/fake-bootstrap.js';

const TOKEN = 'the-stranger-holds-this-token';

/** A server outside the node's allowed networks (127.0.0.2, still loopback) that answers with a secret. */
async function startSecretServer(): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"received","secret":"internal-only"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.2:${port}`, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a node sends only inside its allowed networks, whoever holds its control token', () => {
  let bootstrap: Awaited<ReturnType<typeof startFakeBootstrap>>;
  let secret: Awaited<ReturnType<typeof startSecretServer>>;
  let node: Spawned;
  let nodeUrl: string;
  const control = <T>(path: string, body: unknown) => call<T>(`${nodeUrl}/control${path}`, { body, token: TOKEN });

  before(async () => {
    bootstrap = await startFakeBootstrap();
    secret = await startSecretServer();
    const port = await freePort();
    nodeUrl = `http://127.0.0.1:${port}`;
    node = spawnEntry(NODE_ENTRY, [], {
      BOOTSTRAP_URL: bootstrap.url,
      PORT: String(port),
      NODE_ID: 'node1',
      PEERSCOPE_CONTROL_TOKEN: TOKEN,
      PEERSCOPE_ALLOWED_NETWORKS: '127.0.0.1/32',
    });
    await waitFor('node1 registered', async () => (await call(nodeUrl)).body.id === 'node1');
  });
  after(async () => {
    await stopProcess(node);
    await secret.close();
    await bootstrap.close();
  });

  test('/control/send to an address outside fails without a connection, and echoes nothing', async () => {
    const answer = await control<SendResult>('/send', { to: secret.url, toUrl: secret.url, text: 'hello?' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.status, 'failed', JSON.stringify(answer.body));
    assert.equal(answer.body.error?.code, 'peer_unreachable');
    assert.match(answer.body.error?.message ?? '', /outside the allowed networks/);
    assert.doesNotMatch(JSON.stringify(answer.body), /internal-only/);
    assert.equal(secret.hits(), 0);
  });

  test('a peer the bootstrap lists at an address outside gets no broadcast copy', async () => {
    bootstrap.nodes.set('node9', { id: 'node9', url: secret.url, kind: 'classic', status: 'alive' });
    await waitFor('node9 in the peer list', async () => (await call(`${nodeUrl}/peers`)).body.peers.includes(secret.url));
    const answer = await control<BroadcastResult>('/broadcast', { text: 'to all' });
    assert.equal(answer.status, 200);
    const toOutside = answer.body.results.find((r) => r.to === 'node9');
    assert.equal(toOutside?.status, 'failed', JSON.stringify(answer.body));
    assert.equal(secret.hits(), 0);
  });
});
