import assert from 'node:assert/strict';
import { connect as connectTcp, type Socket as TcpSocket } from 'node:net';
import { describe, test } from 'node:test';
import { UI_NAMESPACE } from '@peerscope/protocol';
import { waitFor } from '../../../test/support/wait.js';
import { Browser, cleanup, registered, startHub, type HubServer } from './helpers.js';

// Engine.IO v4 packets a client sends on /ui: join the namespace, then subscribe (with an ack id).
const JOIN_UI = `40${UI_NAMESPACE},`;
const subscribePacket = (ack: number) => `42${UI_NAMESPACE},${ack}["network:subscribe",{}]`;
/** Far past the bound and past what the kernel's socket buffers hold for a peer that does not read. */
const ASKED_BYTES = 48 * 1024 * 1024;
const BOUND_BYTES = 256 * 1024;

/** A client frame (masked, with a zero key: the payload stays as it is) carrying one text message. */
function wsFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length =
    payload.length < 126
      ? Buffer.from([0x80 | payload.length])
      : Buffer.concat([Buffer.from([0x80 | 126]), Buffer.from([payload.length >> 8, payload.length & 0xff])]);
  return Buffer.concat([Buffer.from([0x81]), length, Buffer.alloc(4), payload]);
}

/**
 * A WebSocket client that joins /ui, reads until the hub says it joined, then sends `packets`
 * and never reads a byte again. Resolves once it has sent them.
 */
function stalledWebSocket(url: string, packets: string[]): Promise<TcpSocket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let seen = '';
    const socket = connectTcp({ host: hostname, port: Number(port) }, () => {
      socket.write(
        `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let joining = false;
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      // Frames sent with the upgrade request can arrive before Engine.IO listens: join once it said "open".
      if (!joining && seen.includes('0{"sid"')) {
        joining = true;
        socket.write(wsFrame(JOIN_UI));
      }
      if (!seen.includes(`${JOIN_UI}{`)) return;
      socket.off('data', onData);
      socket.pause();
      for (const packet of packets) socket.write(wsFrame(packet));
      resolve(socket);
    };
    socket.on('data', onData);
    socket.on('error', reject);
  });
}

/** A long-polling client that joins /ui, then posts `packets` and never polls again for what the server has for it. */
async function stalledPolling(url: string, packets: string[]): Promise<void> {
  const open = await (await fetch(`${url}/socket.io/?EIO=4&transport=polling`)).text();
  const sid = /"sid":"([^"]+)"/.exec(open)?.[1];
  assert.ok(sid, `no Engine.IO handshake: ${open}`);
  const session = `${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  await (await fetch(session, { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: JOIN_UI })).text();
  const joined = await (await fetch(session)).text();
  assert.ok(joined.includes(`${JOIN_UI}{`), `not joined: ${joined}`);
  for (let at = 0; at < packets.length; at += 200) {
    const answer = await fetch(session, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: packets.slice(at, at + 200).join('\u001e'),
    });
    await answer.text();
    // The session is gone: the server closed it.
    if (answer.status !== 200) return;
  }
}

describe('hub: a connection that does not read what it is sent', () => {
  const open = cleanup();

  /** A hub whose picture is large enough that snapshots add up, with pings far off (they would end a stalled connection anyway, slowly). */
  async function hubWithPicture(): Promise<{ server: HubServer; snapshotBytes: number; disconnects: string[] }> {
    const server = open(await startHub({ maxBacklogBytes: BOUND_BYTES }, { pingInterval: 10 * 60_000, pingTimeout: 10 * 60_000 }), (s) => s.close());
    for (let i = 1; i <= 200; i += 1) server.hub.record(registered(`node${i}`));
    const disconnects: string[] = [];
    server.io.of(UI_NAMESPACE).on('connection', (socket) => socket.on('disconnect', (reason) => disconnects.push(reason)));
    return { server, snapshotBytes: JSON.stringify(server.hub.view.snapshot('', 0)).length, disconnects };
  }

  for (const transport of ['websocket', 'polling'] as const) {
    test(`${transport}: subscribing again and again without reading is cut off at the bound; a browser that reads is still served`, async () => {
      const { server, snapshotBytes, disconnects } = await hubWithPicture();
      const browser = open(await Browser.open(server.url), (b) => b.close());
      assert.equal((await browser.subscribe()).ok, true);

      const subscribes = Math.ceil(ASKED_BYTES / snapshotBytes);
      const packets = Array.from({ length: subscribes }, (_, i) => subscribePacket(i));
      if (transport === 'websocket') open(await stalledWebSocket(server.url, packets), (s) => s.destroy());
      else await stalledPolling(server.url, packets);

      // Without the bound, the hub holds every snapshot asked for until the connection ends.
      await waitFor('the stalled connection closed by the hub', () => disconnects.length === 1, 30_000);
      assert.match(disconnects[0]!, /forced close|transport close/);
      assert.equal(server.io.of(UI_NAMESPACE).sockets.size, 1, 'only the reading browser is left');
      // The browser that reads lost nothing: a new fact reaches it, and it may subscribe again.
      server.hub.record(registered('late-node'));
      await waitFor('the browser got the new node', () => browser.view?.nodes.has('late-node'), 10_000);
      assert.equal((await browser.subscribe()).ok, true);
    });
  }
});
