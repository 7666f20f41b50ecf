import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { Faults } from '../src/faults.js';
import { LamportClock } from '../src/lamport-clock.js';
import { Messenger } from '../src/messenger.js';
import { OutboundGate } from '../src/outbound-gate.js';
import { PeerBook } from '../src/peer-book.js';
import { SendTurns } from '../src/pool/send-turns.js';

// Two nodes of one pool host, each with its own gate and messenger, sharing the host's client and
// its turns (as node-pool.ts builds them), sending to a real peer that answers at once.
let peer: ReturnType<typeof createServer>;
let peerUrl: string;
const shared = new Agent();

before(async () => {
  peer = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"received"}'));
  });
  await new Promise<void>((listening) => peer.listen(0, '127.0.0.1', listening));
  peerUrl = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
});
after(async () => {
  await shared.close();
  await new Promise((closed) => peer.close(closed));
});

function pooledNode(id: string, turns: SendTurns) {
  const gate = new OutboundGate(new Agent(), shared);
  const messenger = new Messenger({
    identity: { id, url: `http://127.0.0.1:1/${id}` },
    peers: new PeerBook(),
    faults: new Faults(),
    report: () => {},
    clock: new LamportClock(),
    timeoutMs: 1_000,
    agent: gate.peerDispatcher,
    turns,
    gate,
  });
  const send = (text: string) => messenger.send({ to: peerUrl, toUrl: peerUrl, text });
  return { gate, messenger, send };
}

test("a paused node's messages take no turn: the host's other nodes send at once, and the paused ones leave on the resume", async () => {
  const turns = new SendTurns(2, 3_000);
  const paused = pooledNode('a', turns);
  const other = pooledNode('b', turns);
  paused.gate.close();
  // A fan-out asked for just as the node froze: more messages than the host has turns.
  const frozen = Array.from({ length: 6 }, (_, i) => paused.send(`a${i}`));
  await sleep(20);
  assert.deepEqual(turns.counts(), { running: 0, waiting: 0 }, 'the paused node holds no turn and waits for none');

  const started = performance.now();
  const result = await other.send('b');
  assert.equal(result.status, 'delivered', JSON.stringify(result));
  assert.ok(performance.now() - started < 500, `the other node's send went at once, not after ${Math.round(performance.now() - started)} ms`);

  await sleep(1_500); // longer than a message's timeout: time paused is not a message's time under way
  paused.gate.open();
  const outcomes = await Promise.all(frozen);
  assert.deepEqual(
    outcomes.map((r) => r.status),
    Array(6).fill('delivered'),
    JSON.stringify(outcomes.map((r) => r.error)),
  );
  assert.deepEqual(turns.counts(), { running: 0, waiting: 0 });
});

test('a message waiting for a turn when its node pauses gives the turn back when granted, and a crash while paused ends it', async () => {
  const turns = new SendTurns(1, 3_000);
  const busy = pooledNode('a', turns);
  const other = pooledNode('b', turns);
  const holder = turns.take(new AbortController().signal);
  assert.equal(typeof holder, 'function');
  const waiting = busy.send('queued before the pause');
  await sleep(20);
  busy.gate.close();
  (holder as () => void)(); // the turn goes to the paused node's message, which hands it on
  const result = await other.send('b');
  assert.equal(result.status, 'delivered', JSON.stringify(result));
  // A crash while paused: the messenger stops, the gate opens to fail what it held.
  busy.messenger.close();
  void busy.gate.destroy();
  const ended = await waiting;
  assert.equal(ended.status, 'failed');
  assert.equal(ended.error?.code, 'peer_unreachable');
  assert.deepEqual(turns.counts(), { running: 0, waiting: 0 });
});
