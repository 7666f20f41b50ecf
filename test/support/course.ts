import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * The course's own network, written in TypeScript for tests that must run where Python is not:
 * a bootstrap and a node that answer exactly as the course's Flask apps do
 * (test/support/course/*.py; the bodies, statuses and content types were read from them).
 */

/** Flask's `jsonify`: keys sorted, no spaces, a newline at the end. */
function jsonify(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const sorted = Object.fromEntries(Object.entries(body).sort(([a], [b]) => a.localeCompare(b)));
  const text = `${JSON.stringify(sorted)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

/** Flask's own error pages (404, 405, 415), in HTML as Werkzeug writes them. */
const FLASK_ERRORS: Record<number, [string, string]> = {
  404: ['Not Found', 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.'],
  405: ['Method Not Allowed', 'The method is not allowed for the requested URL.'],
  415: ['Unsupported Media Type', 'Did not attempt to load JSON data because the request Content-Type was not &#39;application/json&#39;.'],
};
function flaskError(res: ServerResponse, status: 404 | 405 | 415): void {
  const [title, text] = FLASK_ERRORS[status]!;
  const html = `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) }).end(html);
}

/** The request's JSON body as Flask's `request.get_json()` reads it; 'unsupported' without a JSON content type. */
async function getJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!req.headers['content-type']?.startsWith('application/json')) return 'unsupported';
  return JSON.parse(text);
}

async function serve(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const close = (server: Server) => () =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

/**
 * The course's bootstrap (test/support/course/bootstrap.py): `POST /register {"peer"}` ->
 * `{"peers","status"}` (the list holds the caller too), `GET /peers`, nothing else. `requests`
 * records every request's method and path, so a test can see what a node asked for.
 */
export async function startCourseBootstrap(port = 0) {
  const peers: string[] = [];
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    void answer(req, res).catch(() => {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html>\n<title>500 Internal Server Error</title>\n');
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse) {
    if (req.url === '/register') {
      if (req.method !== 'POST') return flaskError(res, 405);
      const data = await getJson(req);
      if (data === 'unsupported') return flaskError(res, 415);
      // `data.get('peer')` raises on anything but an object: Flask answers 500.
      const peer = (data as Record<string, unknown>).peer;
      if (!peer) return jsonify(res, 400, { error: 'No peer provided' });
      if (!peers.includes(peer as string)) peers.push(peer as string);
      return jsonify(res, 200, { status: 'registered', peers });
    }
    if (req.url === '/peers') {
      if (req.method !== 'GET') return flaskError(res, 405);
      return jsonify(res, 200, { peers });
    }
    flaskError(res, 404);
  }
  return { url: await serve(server, port), peers, requests, close: close(server) };
}

export interface CourseNodeOptions {
  id?: string;
  port?: number;
  /** Some course nodes also serve `GET /peers` (their own list); given, this node does, with these urls. */
  sharedPeers?: string[];
}

/**
 * A node as the course writes it (test/support/course/node.py): `GET /` and `POST /message` ->
 * `{"status":"received"}`, nothing else; it registers once, never heartbeats, and sends the
 * course's way, `{"sender","msg"}`.
 */
export async function startCourseNode({ id = 'node9', port = 0, sharedPeers }: CourseNodeOptions = {}) {
  const received: Array<{ sender: string; msg: string }> = [];
  const server = createServer((req, res) => void answer(req, res));
  async function answer(req: IncomingMessage, res: ServerResponse) {
    if (req.url === '/' && req.method === 'GET') return jsonify(res, 200, { message: `Node ${id} is running!` });
    if (req.url === '/message' && req.method === 'POST') {
      const { sender, msg } = (await getJson(req)) as { sender: string; msg: string };
      received.push({ sender, msg });
      return jsonify(res, 200, { status: 'received' });
    }
    if (req.url === '/peers' && req.method === 'GET' && sharedPeers) return jsonify(res, 200, { peers: sharedPeers });
    flaskError(res, 404);
  }
  const url = await serve(server, port);
  return {
    id,
    url,
    received,
    /** The course's `register_with_bootstrap`: its peers, itself left out. */
    register: async (bootstrapUrl: string): Promise<string[]> => {
      const answer = await fetch(`${bootstrapUrl}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ peer: url }),
      });
      return ((await answer.json()) as { peers: string[] }).peers.filter((p) => p !== url);
    },
    /** The course's `send_message`: the peer's answer. */
    send: async (target: string, msg: string): Promise<unknown> => {
      const answer = await fetch(`${target}/message`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sender: id, msg }),
      });
      return answer.json();
    },
    close: close(server),
  };
}
export type CourseNode = Awaited<ReturnType<typeof startCourseNode>>;
