// bare-relay.ts with a peerscope node's own client in place of node:http's: the message across is
// posted through an undici Agent with `postJson` (server-kit), as the node's messenger posts it.
// So the floor can be read for the client a node really uses, not only for node:http's.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { postJson, PostTargets } from '@peerscope/server-kit';
import { Agent } from 'undici';
import { serveRelays } from './relay-process.js';

const ACK = JSON.stringify({ status: 'received' });
const PAYLOAD = JSON.stringify({ sender: 'relay', msg: 'hello' });
const JSON_HEADERS = { 'content-type': 'application/json' };
// Kept-alive pools per origin with no bound on connections, as a node's agent (apps/node/src/app.ts);
// with RELAY_PIPELINING past 1 (message-floor's BENCH_PIPELINING), 2 pipelined connections instead.
const PIPELINING = Number(process.env.RELAY_PIPELINING ?? 1);
const agent = new Agent({ keepAliveTimeout: 30_000, ...(PIPELINING > 1 ? { connections: 2, pipelining: PIPELINING } : {}) });
const targets = new PostTargets(64);

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

function relay(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/message') return answer(res, 200, ACK);
    const { to } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: number };
    void postJson(agent, targets.of(`http://127.0.0.1:${to}`, 'message'), PAYLOAD, { headers: JSON_HEADERS, timeoutMs: 5_000 }).then((outcome) =>
      answer(res, 200, JSON.stringify({ status: 'statusCode' in outcome && outcome.statusCode === 200 ? 'delivered' : 'failed' })),
    );
  });
}

await serveRelays(() => createServer(relay));
