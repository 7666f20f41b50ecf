// The floor of a message's path, with nothing of peerscope's: one process holding `RELAY_SERVERS`
// bare node:http servers. `POST /send {"to"}` on one makes it post `{"sender","msg"}` to another's
// `POST /message` over a kept-alive connection and answer once that one has: the same two HTTP
// exchanges a message through a pooled node's control API costs (command in, message across).
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { serveRelays } from './relay-process.js';

const ACK = JSON.stringify({ status: 'received' });
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function readJson(req: IncomingMessage, then: (body: { to?: number }) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => then(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
}

function answer(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

function relay(req: IncomingMessage, res: ServerResponse): void {
  readJson(req, (body) => {
    if (req.url === '/message') return answer(res, 200, ACK);
    const payload = JSON.stringify({ sender: 'relay', msg: 'hello' });
    const out = request(
      {
        host: '127.0.0.1',
        port: body.to,
        path: '/message',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (peer) => {
        peer.resume();
        peer.on('end', () => answer(res, 200, JSON.stringify({ status: peer.statusCode === 200 ? 'delivered' : 'failed' })));
      },
    );
    out.on('error', () => answer(res, 200, '{"status":"failed"}'));
    out.end(payload);
  });
}

await serveRelays(() => createServer(relay));
