import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { HeartbeatResponse, PeerEntry, RegisterResponse } from '@peerscope/protocol';

/**
 * A stand-in bootstrap that gives each node the neighbours a test chose (an overlay of its own),
 * answering the three calls a node makes: `POST /register`, `POST /nodes/:id/heartbeat` and
 * `DELETE /nodes/:id`. Nodes it has not been told neighbours for get none (a full mesh).
 */
export async function startFakeBootstrap(neighbours: Record<string, string[]> = {}, heartbeatMs = 250) {
  const nodes = new Map<string, PeerEntry>();
  /** Heartbeats and goodbyes each node has sent, by id. */
  const heartbeats = new Map<string, number>();
  const goodbyes = new Set<string>();
  const peersOf = () => [...nodes.values()];
  const overlay = (id: string) => (neighbours[id] ? { neighbours: neighbours[id] } : {});

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => answer(res, 400, { error: { code: 'invalid_body', message: 'unreadable' } }));
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    const heartbeat = /^\/nodes\/([^/]+)\/heartbeat$/.exec(req.url ?? '');
    const leave = /^\/nodes\/([^/]+)$/.exec(req.url ?? '');
    if (req.method === 'POST' && req.url === '/register') {
      const { id, url } = body as { id: string; url: string };
      nodes.set(id, { id, url, kind: 'peerscope', status: 'alive' });
      const others = peersOf().filter((n) => n.id !== id);
      const registered: RegisterResponse = { status: 'registered', id, peers: others.map((n) => n.url), nodes: others, heartbeatMs, ...overlay(id) };
      return answer(res, 200, registered);
    }
    if (req.method === 'POST' && heartbeat) {
      const id = decodeURIComponent(heartbeat[1]!);
      heartbeats.set(id, (heartbeats.get(id) ?? 0) + 1);
      if (!nodes.has(id)) return answer(res, 404, { error: { code: 'node_unknown', message: id } });
      const beat: HeartbeatResponse = { id, status: 'alive', nodes: peersOf().filter((n) => n.id !== id), ...overlay(id) };
      return answer(res, 200, beat);
    }
    if (req.method === 'DELETE' && leave) {
      nodes.delete(decodeURIComponent(leave[1]!));
      goodbyes.add(decodeURIComponent(leave[1]!));
      res.writeHead(204).end();
      return;
    }
    answer(res, 404, { error: { code: 'not_found', message: `${req.method} ${req.url}` } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    nodes,
    heartbeats,
    goodbyes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : undefined;
}

function answer(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}
