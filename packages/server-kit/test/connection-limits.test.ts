import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Pool } from 'undici';
import { guardConnections, INBOUND_TIMEOUTS, maxInboundConnections } from '../src/connection-limits.js';

const SILENT_MS = 300;

/** A guarded server answering `ok`, on a free loopback port. */
async function guarded(max?: number) {
  const server = createServer(INBOUND_TIMEOUTS, (_req, res) => res.end('ok'));
  guardConnections(server, { silentMs: SILENT_MS, ...(max !== undefined && { max }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** A raw socket, and whether the server has closed it. */
async function open(port: number, first?: string) {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  let closed = false;
  socket.on('close', () => (closed = true)).on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  if (first) socket.write(first);
  return { socket, closed: () => closed };
}

test('a connection that sends nothing is closed; one that has begun a request, or made one and idles, is not', async () => {
  const { server, port } = await guarded();
  const silent = await open(port);
  const begun = await open(port, 'GET / HT');
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
  const { body } = await pool.request({ path: '/', method: 'GET' });
  assert.equal(await body.text(), 'ok');
  await sleep(SILENT_MS * 3);
  assert.equal(silent.closed(), true, 'the silent socket is closed');
  assert.equal(begun.closed(), false, 'a request begun is the headers timeout’s, not this guard’s');
  // The kept-alive connection is still the one it was: a second request needs no new socket.
  const connects: unknown[] = [];
  pool.on('connect', (origin) => connects.push(origin));
  assert.equal(await (await pool.request({ path: '/', method: 'GET' })).body.text(), 'ok');
  assert.deepEqual(connects, []);
  begun.socket.destroy();
  await pool.close();
  await new Promise((resolve) => server.close(resolve));
});

test('past the cap a new connection is closed at once, and those open go on', async () => {
  const { server, port } = await guarded(4);
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1 });
  assert.equal(await (await pool.request({ path: '/', method: 'GET' })).body.text(), 'ok');
  const held = await Promise.all([1, 2, 3].map(() => open(port, 'G')));
  const extra = await open(port);
  await sleep(100);
  assert.equal(extra.closed(), true, 'the fifth connection is closed as it arrives');
  assert.equal(
    held.some((h) => h.closed()),
    false,
  );
  assert.equal(await (await pool.request({ path: '/', method: 'GET' })).body.text(), 'ok', 'the open client is still served');
  held.forEach((h) => h.socket.destroy());
  await pool.close();
  await new Promise((resolve) => server.close(resolve));
});

test('the cap leaves the process a reserve of descriptors, and at least half its limit', () => {
  assert.equal(maxInboundConnections(20_000), 18_976);
  assert.equal(maxInboundConnections(1_024), 512);
});
