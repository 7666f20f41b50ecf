import assert from 'node:assert/strict';
import { Agent, createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { freePort } from '../../../test/support/ports.js';
import { startFakeBootstrap } from './support/fake-bootstrap.js';
import { startTestNodes, stopTestNodes, waitForFullPeerLists, type TestNode } from './support/nodes.js';

/** What a client sees of one answer, down to the headers a fast path could get wrong. */
interface Seen {
  status: number;
  body: any;
  contentType: string | undefined;
  connection: string | undefined;
}

/** One raw HTTP/1.1 request on its own kept-alive connection, so a server's `connection: close` is visible as sent. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Seen> {
  const agent = new Agent({ keepAlive: true });
  return new Promise<Seen>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, ...pick(res.headers) });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  }).finally(() => agent.destroy());
}

const pick = (h: IncomingHttpHeaders) => ({ contentType: h['content-type'], connection: h.connection });
const JSON_TYPE = 'application/json; charset=utf-8';

describe('POST /control/send (served before Express): the answers of the Express route, code for code', () => {
  let bootstrap: Awaited<ReturnType<typeof startFakeBootstrap>>;
  let nodes: TestNode[];
  let a: TestNode;
  let b: TestNode;
  let silent: Server;
  let silentUrl: string;
  const send = (headers: Record<string, string>, body?: string | Buffer, path = '/control/send') => raw(`${a.url}${path}`, { headers, body });
  const auth = () => ({ authorization: `Bearer ${a.token}`, 'content-type': 'application/json' });

  before(async () => {
    bootstrap = await startFakeBootstrap({}, 250);
    nodes = await startTestNodes(bootstrap.url, 2, undefined, 'cs');
    [a, b] = nodes as [TestNode, TestNode];
    await waitForFullPeerLists(nodes);
    // A peer that takes the message and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
  });
  after(async () => {
    silent.closeAllConnections();
    silent.close();
    await stopTestNodes(nodes);
    await bootstrap.close();
  });

  test('a send to a known peer: 200 with the SendResult, and the message in its inbox', async () => {
    const seen = await send(auth(), JSON.stringify({ to: b.id, text: 'fast hello', id: 'fast-1' }));
    assert.equal(seen.status, 200);
    assert.equal(seen.contentType, JSON_TYPE);
    assert.equal(seen.connection, 'keep-alive');
    assert.deepEqual({ ...seen.body, latencyMs: 0 }, { id: 'fast-1', from: a.id, to: b.id, status: 'delivered', latencyMs: 0 });
    assert.ok((await b.inbox()).some((m) => m.id === 'fast-1' && m.msg === 'fast hello' && m.from === a.id));
  });

  test('the token is checked first: none, another, or a bad scheme is 401 before the body is read', async () => {
    for (const authorization of [undefined, `Bearer ${b.token}`, `Basic ${a.token}`, 'Bearer ']) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) };
      const seen = await send(headers, JSON.stringify({ to: b.id, text: 'no' }));
      assert.equal(seen.status, 401, String(authorization));
      assert.equal(seen.body.error.code, 'unauthorized');
      assert.equal(seen.contentType, JSON_TYPE);
      assert.equal(seen.connection, 'close', 'refused before its body was read');
    }
    // Even a body that is not JSON at all gets the 401, not a 400.
    assert.equal((await send({ 'content-type': 'text/plain' }, 'not json')).status, 401);
  });

  test('bodies: bad JSON 400, too large 413, another type or charset 415, none 400, gzip taken', async () => {
    const badJson = await send(auth(), '{"to":');
    assert.deepEqual([badJson.status, badJson.body.error.code, badJson.connection], [400, 'bad_json', 'keep-alive']);

    const large = await send(auth(), JSON.stringify({ to: b.id, text: 'x'.repeat(70 * 1024) }));
    assert.deepEqual([large.status, large.body.error.code, large.connection], [413, 'body_too_large', 'close']);

    const plain = await send({ ...auth(), 'content-type': 'text/plain' }, JSON.stringify({ to: b.id, text: 'x' }));
    assert.deepEqual([plain.status, plain.body.error.code, plain.connection], [415, 'unsupported_media_type', 'close']);

    const latin1 = await send({ ...auth(), 'content-type': 'application/json; charset=latin1' }, JSON.stringify({ to: b.id, text: 'x' }));
    assert.deepEqual([latin1.status, latin1.body.error.code], [415, 'unsupported_media_type']);

    const none = await send(auth());
    assert.deepEqual([none.status, none.body.error], [400, { code: 'invalid_body', message: 'a JSON body is required' }]);

    const gzip = await send({ ...auth(), 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ to: b.id, text: 'zipped' })));
    assert.deepEqual([gzip.status, gzip.body.status], [200, 'delivered']);

    const badGzip = await send({ ...auth(), 'content-encoding': 'gzip' }, 'not gzip');
    assert.deepEqual([badGzip.status, badGzip.body.error.code], [400, 'invalid_body']);
  });

  test('the schema: the first problem and where it is, as a 400 invalid_body', async () => {
    const cases: Array<[unknown, string]> = [
      [{ text: 'x' }, 'to: '],
      [{ to: b.id }, 'text: '],
      [{ to: b.id, text: 'x'.repeat(16_385) }, 'text: '],
      [{ to: b.id, text: 'x', id: 'no spaces allowed' }, 'id: '],
      [{ to: b.id, text: 'x', toUrl: 'ftp://127.0.0.1/' }, 'toUrl: '],
      [{ to: 'not an id or url', text: 'x' }, 'to: '],
      [[1, 2], ''],
      [null, ''],
    ];
    for (const [body, where] of cases) {
      const seen = await send(auth(), JSON.stringify(body));
      assert.equal(seen.status, 400, JSON.stringify(body));
      assert.equal(seen.body.error.code, 'invalid_body');
      assert.ok(seen.body.error.message.startsWith(where), `${JSON.stringify(body)}: ${seen.body.error.message}`);
    }
  });

  test('failures are answers, not errors: unknown peer, unreachable, silent (timeout), refused across a partition', async () => {
    const unknown = await send(auth(), JSON.stringify({ to: 'nobody', text: 'x' }));
    assert.equal(unknown.status, 200);
    assert.deepEqual(
      [unknown.body.status, unknown.body.to, unknown.body.error],
      ['failed', 'nobody', { code: 'peer_unknown', message: 'nobody is not a known peer' }],
    );

    const closedPort = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await send(auth(), JSON.stringify({ to: 'ghost', toUrl: closedPort, text: 'x' }));
    assert.deepEqual([unreachable.status, unreachable.body.status, unreachable.body.error.code], [200, 'failed', 'peer_unreachable']);
    assert.match(unreachable.body.error.message, /^ECONNREFUSED: /);

    const timedOut = await send(auth(), JSON.stringify({ to: 'ghost', toUrl: silentUrl, text: 'x' }));
    assert.deepEqual([timedOut.body.status, timedOut.body.error], ['failed', { code: 'timeout', message: 'no answer within 2000 ms' }]);
    assert.ok(timedOut.body.latencyMs >= 1_900 && timedOut.body.latencyMs < 3_000, String(timedOut.body.latencyMs));

    const wrongPath = await send(auth(), JSON.stringify({ to: 'ghost', toUrl: `${a.url}/nowhere`, text: 'x' }));
    assert.deepEqual([wrongPath.body.status, wrongPath.body.error.code], ['failed', 'peer_error']);
    assert.match(wrongPath.body.error.message, /^peer answered 404: \{"error":\{"code":"not_found"/);

    // b refuses what comes from a: a 503 `partitioned` on the wire becomes the sender's `partitioned`.
    assert.equal((await b.control('PUT', '/faults', { blockedFrom: [a.id] })).status, 200);
    try {
      const refused = await send(auth(), JSON.stringify({ to: b.id, text: 'x' }));
      assert.deepEqual(refused.body.error, { code: 'partitioned', message: `${b.id} refused it: this node is across a partition from it` });
    } finally {
      await b.control('PUT', '/faults', {});
    }
  });

  test('the path: a query string is the same route; other spellings still reach the Express route alike', async () => {
    for (const path of ['/control/send?x=1', '/control/send/', '/CONTROL/SEND']) {
      const ok = await send(auth(), JSON.stringify({ to: b.id, text: `via ${path}` }), path);
      assert.deepEqual([ok.status, ok.body.status, ok.contentType], [200, 'delivered', JSON_TYPE], path);
      const refused = await send({ 'content-type': 'application/json' }, '{}', path);
      assert.deepEqual([refused.status, refused.body.error.code, refused.connection], [401, 'unauthorized', 'close'], path);
      const bad = await send(auth(), '{', path);
      assert.deepEqual([bad.status, bad.body.error.code], [400, 'bad_json'], path);
    }
    // Another method on the path is not the fast path's: Express answers it as before.
    const get = await raw(`${a.url}/control/send`, { method: 'GET', headers: { authorization: `Bearer ${a.token}` } });
    assert.deepEqual([get.status, get.body.error.code], [404, 'not_found']);
  });
});
