// The baseline: a bare node:http server doing the least a `POST /message` handler must do
// (read the body, parse the JSON, answer the same JSON), in its own process like the node.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const ACK = JSON.stringify({ status: 'received' });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad json"}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ACK) }).end(ACK);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
// The bench owns this process: when it goes away, so do we.
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => process.exit(0));
