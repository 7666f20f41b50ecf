// The floor under bare-relay.ts: the same two exchanges per message, with the same bytes on the
// wire, over raw `node:net` sockets and nothing of HTTP's in the process: no parser, no header
// objects, no streams, the answers written from constant buffers. What is left is the kernel's
// loopback path, libuv's wake-ups and one JavaScript callback per read: what any HTTP stack pays.
// Simplifications that hold on this bench only: one request in flight per connection (undici's
// default, and ours below), and each request arriving in one read (small bodies on loopback).
import { createServer, connect, type Socket } from 'node:net';
import { serveRelays } from './relay-process.js';

function response(body: string): Buffer {
  return Buffer.from(
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nkeep-alive: timeout=60\r\n\r\n${body}`,
  );
}

const ACK = response(JSON.stringify({ status: 'received' }));
const DELIVERED = response(JSON.stringify({ status: 'delivered' }));
const FAILED = response(JSON.stringify({ status: 'failed' }));
const PAYLOAD = JSON.stringify({ sender: 'relay', msg: 'hello' });
const MESSAGE = (port: number) =>
  Buffer.from(`POST /message HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${PAYLOAD.length}\r\n\r\n${PAYLOAD}`);

/** Idle kept-alive connections to each relay, reused as an HTTP agent would. */
const idle = new Map<number, Socket[]>();

function postMessage(port: number, then: (ok: boolean) => void): void {
  const socket = idle.get(port)?.pop() ?? connect({ host: '127.0.0.1', port, noDelay: true });
  const done = (ok: boolean) => {
    socket.removeAllListeners('data').removeAllListeners('error');
    if (ok) (idle.get(port) ?? idle.set(port, []).get(port)!).push(socket);
    else socket.destroy();
    then(ok);
  };
  socket.once('data', (chunk: Buffer) => done(chunk.subarray(9, 12).toString() === '200'));
  socket.once('error', () => done(false));
  socket.write(MESSAGE(port));
}

function serve(socket: Socket): void {
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    if (chunk.subarray(0, 14).toString() === 'POST /message ') return void socket.write(ACK);
    // POST /send {"to": port}: relay to that server, then answer.
    const text = chunk.toString('latin1');
    const to = Number(/"to":(\d+)/.exec(text)?.[1]);
    postMessage(to, (ok) => socket.write(ok ? DELIVERED : FAILED));
  });
  socket.on('error', () => socket.destroy());
}

await serveRelays(() => createServer(serve));
