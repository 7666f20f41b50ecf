import { expect, test } from '@playwright/test';
import { DASHBOARD_URL } from './support/system.js';

interface Call {
  method: string;
  path: string;
  body?: unknown;
}

async function call({ method, path, body }: Call, headers: Record<string, string> = {}, raw?: string) {
  const response = await fetch(`${DASHBOARD_URL}${path}`, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as { error?: { code: string } } | undefined };
}

// Harmless bodies: each would be refused before it reached the bootstrap, or changes nothing.
const actions: Call[] = [
  { method: 'POST', path: '/api/faults/partition', body: { group: ['node1'], direction: 'both' } },
  { method: 'DELETE', path: '/api/faults/partition' },
  { method: 'PUT', path: '/api/faults/links', body: { from: 'node1', latencyMs: 0, jitterMs: 0, lossPct: 0 } },
  { method: 'DELETE', path: '/api/faults' },
  { method: 'PUT', path: '/api/overlay', body: { kind: 'full', k: 3 } },
  { method: 'POST', path: '/api/broadcast', body: { from: 'node1', text: 'x' } },
  { method: 'POST', path: '/api/gossip', body: { from: 'node1', text: 'x' } },
  { method: 'POST', path: '/api/traffic/generator', body: { count: 1 } },
  { method: 'DELETE', path: '/api/traffic/generator' },
  { method: 'POST', path: '/api/nodes/node1/pause' },
  { method: 'POST', path: '/api/nodes/node1/resume' },
  { method: 'POST', path: '/api/nodes/node1/restart' },
];

test("the lab's routes refuse other sites; those with a body want JSON, valid and under 64 KB", async () => {
  for (const action of actions) {
    const foreign = await call(action, { origin: 'http://evil.example' });
    expect([action.path, foreign.status, foreign.body?.error?.code]).toEqual([action.path, 403, 'cross_origin']);
  }
  for (const action of actions.filter((a) => a.body !== undefined)) {
    const name = `${action.method} ${action.path}`;
    const plain = await call(action, { 'content-type': 'text/plain' }, JSON.stringify(action.body));
    expect([name, plain.status, plain.body?.error?.code]).toEqual([name, 415, 'unsupported_media_type']);
    const broken = await call(action, {}, '{"oops"');
    expect([name, broken.status, broken.body?.error?.code]).toEqual([name, 400, 'bad_json']);
    const nothing = await call(action, {}, 'null');
    expect([name, nothing.status, nothing.body?.error?.code]).toEqual([name, 400, 'invalid_body']);
    const invalid = await call({ ...action, body: { from: 'not an id!', group: [], kind: 'star', rate: 0 } });
    expect([name, invalid.status, invalid.body?.error?.code]).toEqual([name, 400, 'invalid_body']);
    const huge = await call(action, {}, JSON.stringify({ ...(action.body as object), text: 'x'.repeat(70_000) }));
    expect([name, huge.status, huge.body?.error?.code]).toEqual([name, 413, 'body_too_large']);
  }
  // A JSON null is not an empty body: it starts no node (an empty body starts the default count).
  const ids = async () => ((await call({ method: 'GET', path: '/api/nodes' })).body as unknown as { nodes: Array<{ id: string }> }).nodes.map((n) => n.id);
  const before = await ids();
  const nullAdd = await call({ method: 'POST', path: '/api/nodes' }, { 'content-type': 'application/json' }, 'null');
  expect([nullAdd.status, nullAdd.body?.error?.code]).toEqual([400, 'invalid_body']);
  expect(await ids()).toEqual(before);
  const badId = await call({ method: 'POST', path: '/api/nodes/bad%20id/pause' });
  expect([badId.status, badId.body?.error?.code]).toEqual([400, 'invalid_query']);
  // A malformed escape: Next answered these with a bare-text 500.
  for (const [method, path] of [
    ['POST', '/api/nodes/%E0%A4%A/restart'],
    ['DELETE', '/api/nodes/node1%ff'],
    ['GET', '/api/%ZZ'],
    ['POST', '/api/nodes/%/pause'],
  ] as const) {
    const malformed = await call({ method, path });
    expect([method, path, malformed.status, malformed.body?.error?.code]).toEqual([method, path, 400, 'invalid_query']);
  }
});

test("the lab's state reads through the dashboard: faults, overlay, traffic generator", async () => {
  const faults = await call({ method: 'GET', path: '/api/faults' });
  expect(faults).toEqual({ status: 200, body: { partition: null, links: [], paused: [] } });
  const overlay = await call({ method: 'GET', path: '/api/overlay' });
  expect(overlay.status).toBe(200);
  expect(overlay.body).toMatchObject({ kind: 'full' });
  const traffic = await call({ method: 'GET', path: '/api/traffic/generator' });
  expect(traffic.status).toBe(200);
  expect(traffic.body).toMatchObject({ running: false });
});

test('a method a route is not written with is refused in the error shape, not with an empty answer', async () => {
  for (const [method, path] of [
    ['PATCH', '/api/faults/partition'],
    ['PUT', '/api/messages'],
    ['PROPFIND', '/api/nodes'],
  ] as const) {
    const answer = await call({ method, path });
    expect([method, path, answer.status, answer.body?.error?.code]).toEqual([method, path, 405, 'method_not_allowed']);
  }
});
