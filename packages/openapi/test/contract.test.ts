import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { ERROR_STATUS, type ErrorCode } from '@peerscope/protocol';
import { call, type JsonResponse } from '../../../test/support/http.js';
import { startLab, type Lab } from '../../../test/support/lab.js';
import { freePort } from '../../../test/support/ports.js';
import { NODE_ENTRY, spawnEntry, type Spawned } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';
import { APIS, documentOf, errorsOf, type ApiTable, type Route } from '../src/index.js';

// Every route of every table, called on a real system (the launcher: bootstrap, 3 process nodes,
// the dashboard; and a node started by hand, whose control token the test holds) with a good
// request and a bad one; each real answer's status and body are checked against the document
// the server itself serves at /openapi.json.

type ApiName = keyof typeof APIS;
interface Request {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
}

const CONTROL_TOKEN = 'contract-control-token-0123456789';
const CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

let lab: Lab;
let handNode: Spawned;
let handNodeUrl: string;
const served: Partial<Record<ApiName, any>> = {};
const called = new Set<string>();

function baseOf(api: ApiName): string {
  return api === 'bootstrap' ? lab.bootstrapUrl : api === 'dashboard' ? lab.dashboardUrl : handNodeUrl;
}

/** Calls one route, and checks the answer against the document the server serves: its status is documented, its body of that status's shape. */
async function check(api: ApiName, method: string, path: string, request: Request, expect: 'good' | 'bad'): Promise<JsonResponse<any>> {
  const table: ApiTable = APIS[api];
  const route = table.routes.find((r) => r.method === method && r.path === path);
  assert.ok(route, `${api} ${method} ${path} is in the table`);
  const url = baseOf(api) + path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.params?.[name] ?? '')) + (request.query ?? '');
  const answer = await send(url, method.toUpperCase(), request);
  const where = `${api} ${method.toUpperCase()} ${path} (${expect}): ${answer.status} ${JSON.stringify(answer.body)?.slice(0, 300)}`;
  const operation = served[api].paths[route.path][route.method];
  const response = operation.responses[String(answer.status)];
  assert.ok(response, `${where}: the status is not documented`);
  if (expect === 'good') assert.equal(answer.status, route.answer.status, where);
  else assert.ok(answer.status >= 400, where);
  const schemaRef = response.content?.['application/json']?.schema;
  if (!schemaRef) assert.equal(answer.body, undefined, `${where}: no body is documented`);
  else {
    const schema = schemaRef.$ref ? served[api].components.schemas[schemaRef.$ref.split('/').at(-1)] : schemaRef;
    const validate = ajv.compile<any>(schema);
    assert.ok(validate(answer.body), `${where}: ${ajv.errorsText(validate.errors)}`);
  }
  if (answer.status >= 400) assert.ok(errorsOf(table, route, CODES).includes(answer.body.error.code), where);
  called.add(`${api} ${expect} ${method} ${path}`);
  return answer;
}

/** One request over node:http, which (unlike fetch) sends a body with a GET too. */
function send(url: string, method: string, request: Request): Promise<JsonResponse<any>> {
  const body = request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const headers: Record<string, string> = { ...(body !== undefined && { 'content-type': 'application/json' }), ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      // A JSON answer is read as JSON; a trace (NDJSON, ShiViz text) is no JSON document's body.
      const json = /^application\/json/.test(res.headers['content-type'] ?? '');
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text && json ? JSON.parse(text) : undefined, headers: new Headers() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The bad request every route of an API can be given: no token, malformed JSON, a malformed id, a body of another type, or a foreign page. */
function badRequest(api: ApiName, route: Route): Request {
  if (route.auth !== 'none') return { params: { id: 'node1' } };
  if (route.body) return { raw: '{"oops":', params: { id: 'node1' } };
  if (route.pathParams) return { params: { id: '-bad' } };
  if (api === 'dashboard') return { headers: { origin: 'http://evil.example' } };
  return { raw: 'hello', headers: { 'content-type': 'text/plain' } };
}

before(async () => {
  lab = await startLab();
  const port = await freePort();
  handNode = spawnEntry(NODE_ENTRY, [], {
    PORT: String(port),
    NODE_ID: 'handnode',
    BOOTSTRAP_URL: lab.bootstrapUrl,
    PEERSCOPE_CONTROL_TOKEN: CONTROL_TOKEN,
  });
  handNodeUrl = `http://127.0.0.1:${port}`;
  await waitFor(
    'the hand-started node in the peer list',
    async () => (await call(`${lab.bootstrapUrl}/peers`)).body.nodes.some((n: { id: string }) => n.id === 'handnode'),
    30_000,
  );
  for (const api of Object.keys(APIS) as ApiName[]) served[api] = (await call(`${baseOf(api)}/openapi.json`)).body;
});

after(async () => {
  handNode?.child.kill('SIGTERM');
  lab.child.kill('SIGINT');
  await lab.exited;
});

test('each server serves the document of its table', () => {
  for (const api of Object.keys(APIS) as ApiName[]) assert.deepEqual(served[api], JSON.parse(JSON.stringify(documentOf(APIS[api]))), api);
});

test('every route answers a bad request with a documented error', async () => {
  for (const api of Object.keys(APIS) as ApiName[]) {
    for (const route of APIS[api].routes) {
      // The crash routes are called once, for real, at the end.
      if (route.path.endsWith('/crash') && route.auth === 'none') continue;
      await check(api, route.method, route.path, badRequest(api, route), 'bad');
    }
  }
});

test('the node: every route answers a good request in its documented shape', async () => {
  const control = { token: CONTROL_TOKEN };
  await check('node', 'get', '/', {}, 'good');
  await check('node', 'get', '/openapi.json', {}, 'good');
  await check('node', 'get', '/peers', {}, 'good');
  await check('node', 'post', '/message', { body: { sender: 'contract', msg: 'hi' } }, 'good');
  await check('node', 'get', '/messages', {}, 'good');
  await check('node', 'post', '/control/send', { ...control, body: { to: 'node1', text: 'hi' } }, 'good');
  await check('node', 'post', '/control/broadcast', { ...control, body: { text: 'hi all' } }, 'good');
  await check('node', 'post', '/control/gossip', { ...control, body: { text: 'rumour', ttl: 1 } }, 'good');
  await check('node', 'get', '/control/faults', control, 'good');
  await check('node', 'put', '/control/faults', { ...control, body: {} }, 'good');
});

for (const api of ['bootstrap', 'dashboard'] as const) {
  test(`the ${api}: every admin route answers a good request in its documented shape`, async () => {
    const token = api === 'bootstrap' ? { token: lab.adminToken } : {};
    const traffic = api === 'bootstrap' ? '/api/traffic' : '/api/traffic/generator';
    await check(api, 'get', '/api/nodes', token, 'good');
    const started = await check(api, 'post', '/api/nodes', { ...token, body: { count: 1 } }, 'good');
    const id = started.body.nodes[0].id as string;
    await check(api, 'post', '/api/nodes/{id}/pause', { ...token, params: { id } }, 'good');
    await check(api, 'post', '/api/nodes/{id}/resume', { ...token, params: { id } }, 'good');
    await check(api, 'post', '/api/nodes/{id}/restart', { ...token, params: { id } }, 'good');
    await check(api, 'delete', '/api/nodes/{id}', { ...token, params: { id }, query: '?mode=crash' }, 'good');
    await check(api, 'post', '/api/messages', { ...token, body: { from: 'node1', to: 'node2', text: 'hello' } }, 'good');
    await check(api, 'get', '/api/faults', token, 'good');
    await check(api, 'post', '/api/faults/partition', { ...token, body: { group: ['node1'] } }, 'good');
    await check(api, 'delete', '/api/faults/partition', token, 'good');
    await check(api, 'put', '/api/faults/links', { ...token, body: { from: 'node1', to: 'node2', latencyMs: 1 } }, 'good');
    await check(api, 'delete', '/api/faults', token, 'good');
    await check(api, 'get', '/api/overlay', token, 'good');
    await check(api, 'put', '/api/overlay', { ...token, body: { kind: 'full' } }, 'good');
    await check(api, 'post', '/api/broadcast', { ...token, body: { from: 'node1', text: 'hi all' } }, 'good');
    await check(api, 'post', '/api/gossip', { ...token, body: { from: 'node1', text: 'rumour', ttl: 1 } }, 'good');
    await check(api, 'get', traffic, token, 'good');
    await check(api, 'post', traffic, { ...token, body: { count: 2 } }, 'good');
    await check(api, 'delete', traffic, token, 'good');
    await check(api, 'get', '/api/bootstrap', token, 'good');
    await check(api, 'get', '/openapi.json', {}, 'good');
    if (api === 'dashboard') {
      await check(api, 'post', '/api/traffic', { body: { count: 2 } }, 'good');
      await check(api, 'get', '/api/trace/index', {}, 'good');
      await check(api, 'get', '/api/trace', { query: '?format=ndjson' }, 'good');
    } else {
      await check(api, 'get', '/', {}, 'good');
      await check(api, 'get', '/peers', {}, 'good');
      await check(api, 'get', '/api/membership', token, 'good');
      await check(api, 'post', '/register', { body: { peer: `http://127.0.0.1:${await freePort()}` } }, 'good');
      const nodeToken = { token: CONTROL_TOKEN, params: { id: 'handnode' } };
      await check(api, 'post', '/nodes/{id}/heartbeat', nodeToken, 'good');
      await check(api, 'delete', '/nodes/{id}', nodeToken, 'good');
    }
  });
}

test('the crash routes: the bootstrap goes down and the launcher brings it back, each time', async () => {
  for (const api of ['bootstrap', 'dashboard'] as const) {
    const before = (await call(`${lab.bootstrapUrl}/api/bootstrap`, { token: lab.adminToken })).body.startedAt;
    await check(api, 'post', '/api/bootstrap/crash', api === 'bootstrap' ? { token: lab.adminToken } : {}, 'good');
    await waitFor(
      'the bootstrap back',
      async () => (await call(`${lab.bootstrapUrl}/api/bootstrap`, { token: lab.adminToken })).body.startedAt !== before,
      60_000,
      200,
    );
  }
});

test('every route of every table was called with a good request and a bad one', () => {
  for (const api of Object.keys(APIS) as ApiName[]) {
    for (const route of APIS[api].routes) {
      assert.ok(called.has(`${api} good ${route.method} ${route.path}`), `${api} ${route.method} ${route.path}: no good request`);
      if (!(route.path.endsWith('/crash') && route.auth === 'none'))
        assert.ok(called.has(`${api} bad ${route.method} ${route.path}`), `${api} ${route.method} ${route.path}: no bad request`);
    }
  }
});
