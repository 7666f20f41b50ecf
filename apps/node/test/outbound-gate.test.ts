import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { postJson, type PostOutcome } from '@peerscope/server-kit';
import { Agent } from 'undici';
import { OutboundGate } from '../src/outbound-gate.js';

/** The answer's status, or undefined when there was none. */
const statusOf = (outcome: PostOutcome) => ('statusCode' in outcome ? outcome.statusCode : undefined);
/** What went wrong, or '' when it was answered. */
const errorOf = (outcome: PostOutcome) => ('error' in outcome ? outcome.error.message : '');

/** A peer that answers `/fast` at once and holds `/slow` until the test lets it go. */
function startPeer() {
  const held: ServerResponse[] = [];
  const sockets = new Set<string>();
  let aborted = 0;
  let requests = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    sockets.add(`${req.socket.remotePort}`);
    req.resume();
    req.on('end', () => {
      if (req.url === '/slow') {
        held.push(res);
        req.socket.on('close', () => (aborted += 1));
      } else res.end('{"ok":true}');
    });
  });
  return {
    server,
    sockets,
    get aborted() {
      return aborted;
    },
    get requests() {
      return requests;
    },
    get held() {
      return held.length;
    },
    release: () => held.splice(0).forEach((res) => res.end('{"ok":"late"}')),
  };
}

describe('nodes sharing one HTTP client, each behind its own gate', () => {
  const peer = startPeer();
  let origin = '';
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const own: Agent[] = [];
  /** A node's gate: its own client (for the bootstrap, unused here) and the shared one for peers. */
  const gateOnShared = () => new OutboundGate(own[own.push(new Agent()) - 1]!, agent);
  const post = (gate: OutboundGate, path: string): Promise<PostOutcome> =>
    postJson(gate.peerDispatcher, { origin, path }, '{}', { timeoutMs: 5_000, headers: { 'content-type': 'application/json' } });

  before(async () => {
    await new Promise<void>((resolve) => peer.server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(peer.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    peer.release();
    await Promise.all([agent.close(), ...own.map((client) => client.destroy())]);
    peer.server.closeAllConnections();
    await new Promise((resolve) => peer.server.close(resolve));
  });

  test('their requests share kept-alive connections: five nodes one after the other use fewer sockets than nodes', async () => {
    const gates = Array.from({ length: 5 }, () => gateOnShared());
    const before = peer.sockets.size;
    for (let round = 0; round < 4; round += 1) {
      for (const gate of gates) assert.equal(statusOf(await post(gate, '/fast')), 200);
    }
    // undici hands a socket back a moment after the answer is read, so a second one may open.
    assert.ok(peer.sockets.size - before <= 2, `20 sends by five nodes used ${peer.sockets.size - before} sockets`);
  });

  test('a paused node holds its requests; the other node on the same client is not held', async () => {
    const a = gateOnShared();
    const b = gateOnShared();
    a.close();
    let aDone = false;
    const aSend = post(a, '/fast').then((outcome) => ((aDone = true), outcome));
    assert.equal(statusOf(await post(b, '/fast')), 200);
    assert.equal(aDone, false, 'the paused node sent nothing');
    a.open();
    assert.equal(statusOf(await aSend), 200);
  });

  test("a crash ends the node's requests under way and every later one, and leaves the other node's alone", async () => {
    const a = gateOnShared();
    const b = gateOnShared();
    const aSlow = post(a, '/slow');
    const bSlow = post(b, '/slow');
    // Both requests reach the peer before the crash.
    while (peer.held < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await a.destroy();
    const crashed = await aSlow;
    assert.match(errorOf(crashed), /crashed/);
    assert.match(errorOf(await post(a, '/fast')), /crashed/, 'a crashed node sends nothing more');
    // The crashed node's socket is gone (as under SIGKILL); the other node's request still gets its answer.
    while (peer.aborted < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    peer.release();
    assert.equal(statusOf(await bSlow), 200);
    assert.equal(statusOf(await post(b, '/fast')), 200);
  });

  test('a request held by a paused node that then crashes fails, and never reaches the peer', async () => {
    const a = gateOnShared();
    const before = peer.requests;
    a.close();
    const held = post(a, '/fast');
    await a.destroy();
    assert.match(errorOf(await held), /crashed/);
    assert.equal(peer.requests, before);
  });
});
