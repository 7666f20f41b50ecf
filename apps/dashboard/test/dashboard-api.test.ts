import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { dashboardApi } from '../lib/browser/dashboard-api.js';

interface Seen {
  method: string;
  url: string;
  body: string;
}

/** A stand-in for the dashboard's routes: answers whatever the test queued, records what it was asked. */
function fakeDashboard() {
  const seen: Seen[] = [];
  const answers: Array<{ status: number; body: string }> = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, url: req.url!, body });
    const answer = answers.shift() ?? { status: 500, body: 'nothing queued' };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  return { server, seen, answer: (status: number, body: unknown) => answers.push({ status, body: typeof body === 'string' ? body : JSON.stringify(body) }) };
}

describe('dashboardApi', () => {
  const dashboard = fakeDashboard();
  const realFetch = globalThis.fetch;
  before(async () => {
    await new Promise<void>((resolve) => dashboard.server.listen(0, '127.0.0.1', resolve));
    const { port } = dashboard.server.address() as { port: number };
    // The page calls relative paths; here they go to the stand-in, over real HTTP.
    globalThis.fetch = (input, init) => realFetch(`http://127.0.0.1:${port}${String(input)}`, init);
  });
  after(() => {
    globalThis.fetch = realFetch;
    dashboard.server.close();
  });

  test('names the route itself and answers with the parsed body', async () => {
    dashboard.answer(200, { id: 'node1', mode: 'crash', stopped: true, extra: 'dropped' });
    const result = await dashboardApi.crashNode('node1');
    assert.deepEqual(result, { ok: true, data: { id: 'node1', mode: 'crash', stopped: true } });
    assert.deepEqual(dashboard.seen.at(-1), { method: 'DELETE', url: '/api/nodes/node1?mode=crash', body: '' });

    dashboard.answer(200, { from: 'node1', id: 'g1', ttl: 4, fanout: 2 });
    assert.equal((await dashboardApi.startGossip({ from: 'node1', text: 'rumour', ttl: 4, fanout: 2 })).ok, true);
    assert.deepEqual(dashboard.seen.at(-1), { method: 'POST', url: '/api/gossip', body: '{"from":"node1","text":"rumour","ttl":4,"fanout":2}' });
  });

  test("passes the dashboard's error on as it came", async () => {
    dashboard.answer(404, { error: { code: 'node_unknown', message: 'node9 is not registered' } });
    assert.deepEqual(await dashboardApi.pauseNode('node9'), { ok: false, error: { code: 'node_unknown', message: 'node9 is not registered' } });
  });

  test('an answer its schema refuses is a failure, not data', async () => {
    dashboard.answer(200, { nodes: [{ id: 'node1', url: 'not a url', status: 'alive' }] });
    const result = await dashboardApi.startNodes(1);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'unexpected_answer');
    assert.match(!result.ok ? result.error.message : '', /POST \/api\/nodes answered nodes\.0\.url/);

    dashboard.answer(502, '<html>Bad Gateway</html>');
    assert.deepEqual(await dashboardApi.stopTraffic(), { ok: false, error: { code: 'unexpected_answer', message: 'failed with status 502' } });
  });

  test('no answer at all is dashboard_unreachable', async () => {
    const saved = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('fetch failed'));
    try {
      assert.deepEqual(await dashboardApi.resetFaults(), {
        ok: false,
        error: { code: 'dashboard_unreachable', message: 'the dashboard did not answer: fetch failed' },
      });
    } finally {
      globalThis.fetch = saved;
    }
  });
});
