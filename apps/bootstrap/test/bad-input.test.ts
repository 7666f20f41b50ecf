import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ERROR_STATUS, type ErrorCode } from '@peerscope/protocol';
import { gzipSync } from 'node:zlib';
import { call, pushHugeBody } from '../../../test/support/http.js';
import { ADMIN_TOKEN, startBootstrap, startNode, stopProcess, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const CONTROL_TOKEN = 'node-control-token-for-tests';
const big = (bytes: number) => JSON.stringify({ sender: 'a', msg: 'x'.repeat(bytes) });

interface BadCase {
  name: string;
  method?: string;
  path: string;
  body?: unknown;
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
  expect: ErrorCode;
}

/** Every endpoint of the bootstrap with what can go wrong in its input. */
const bootstrapCases: BadCase[] = [
  { name: 'malformed JSON', path: '/register', raw: '{"peer": ', expect: 'bad_json' },
  { name: 'no body', method: 'POST', path: '/register', expect: 'invalid_body' },
  { name: 'empty object', path: '/register', body: {}, expect: 'invalid_body' },
  { name: 'peer of the wrong type', path: '/register', body: { peer: 42 }, expect: 'invalid_body' },
  { name: 'peer that is not a url', path: '/register', body: { peer: 'node5' }, expect: 'invalid_body' },
  { name: 'peer with another scheme', path: '/register', body: { peer: 'ftp://127.0.0.1/' }, expect: 'invalid_body' },
  { name: 'an array body', path: '/register', body: [1, 2], expect: 'invalid_body' },
  { name: 'a bad id', path: '/register', body: { url: 'http://127.0.0.1:9', id: 'no spaces!' }, expect: 'invalid_body' },
  { name: 'a short control token', path: '/register', body: { url: 'http://127.0.0.1:9', controlToken: 'short' }, expect: 'invalid_body' },
  { name: 'a private address', path: '/register', body: { peer: 'http://10.1.2.3:5000' }, expect: 'url_not_allowed' },
  { name: 'a cloud metadata address', path: '/register', body: { peer: 'http://169.254.169.254/' }, expect: 'url_not_allowed' },
  {
    name: 'a form body',
    path: '/register',
    raw: 'peer=http://127.0.0.1:1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    expect: 'unsupported_media_type',
  },
  { name: 'a body over 64 KB', path: '/register', raw: big(70_000), expect: 'body_too_large' },
  { name: 'a gzip body that is not gzip', path: '/register', raw: 'not gzip at all', headers: { 'content-encoding': 'gzip' }, expect: 'invalid_body' },
  { name: 'a body in an unknown encoding', path: '/register', raw: '{}', headers: { 'content-encoding': 'zstd-x' }, expect: 'unsupported_media_type' },
  {
    name: 'a body in another charset',
    path: '/register',
    raw: '{}',
    headers: { 'content-type': 'application/json; charset=latin1' },
    expect: 'unsupported_media_type',
  },
  { name: 'an unknown route', path: '/nope', expect: 'not_found' },
  { name: 'a malformed escape in the path', method: 'POST', path: '/nodes/%E0%A4%A/heartbeat', expect: 'invalid_query' },
  { name: 'a known path with the wrong method', method: 'DELETE', path: '/peers', expect: 'not_found' },
  { name: 'heartbeat for an unknown node', method: 'POST', path: '/nodes/node99/heartbeat', expect: 'node_unknown' },
  { name: 'heartbeat with a bad id', method: 'POST', path: '/nodes/bad%20id/heartbeat', expect: 'invalid_query' },
  { name: "heartbeat without the node's token", method: 'POST', path: '/nodes/node1/heartbeat', expect: 'unauthorized' },
  { name: 'deregister with a wrong token', method: 'DELETE', path: '/nodes/node1', token: 'wrong-token-wrong-token', expect: 'unauthorized' },
  { name: 'deregister an unknown node', method: 'DELETE', path: '/nodes/node99', expect: 'node_unknown' },
  { name: 'admin without a token', path: '/api/nodes', expect: 'unauthorized' },
  { name: 'admin with a wrong token', path: '/api/nodes', token: `${ADMIN_TOKEN}x`, expect: 'unauthorized' },
  { name: 'admin body without a token, refused before it is read', path: '/api/nodes', raw: big(70_000), expect: 'unauthorized' },
  { name: 'admin with a malformed header', path: '/api/nodes', headers: { authorization: ADMIN_TOKEN }, expect: 'unauthorized' },
  { name: 'start 0 nodes', path: '/api/nodes', token: ADMIN_TOKEN, body: { count: 0 }, expect: 'invalid_body' },
  { name: 'start 1,001 nodes in one request', path: '/api/nodes', token: ADMIN_TOKEN, body: { count: 1_001 }, expect: 'invalid_body' },
  { name: 'start more nodes than the process runtime runs', path: '/api/nodes', token: ADMIN_TOKEN, body: { count: 101 }, expect: 'too_many_nodes' },
  { name: 'a count as a string', path: '/api/nodes', token: ADMIN_TOKEN, body: { count: '2' }, expect: 'invalid_body' },
  { name: 'admin malformed JSON', path: '/api/nodes', token: ADMIN_TOKEN, raw: '{count:1}', expect: 'bad_json' },
  { name: 'stop with an unknown mode', method: 'DELETE', path: '/api/nodes/node1?mode=explode', token: ADMIN_TOKEN, expect: 'invalid_query' },
  { name: 'stop an unknown node', method: 'DELETE', path: '/api/nodes/node99', token: ADMIN_TOKEN, expect: 'node_unknown' },
  { name: 'stop a node the runtime does not run', method: 'DELETE', path: '/api/nodes/node1', token: ADMIN_TOKEN, expect: 'node_not_managed' },
  { name: 'a message with no fields', path: '/api/messages', token: ADMIN_TOKEN, body: {}, expect: 'invalid_body' },
  { name: 'a message without text', path: '/api/messages', token: ADMIN_TOKEN, body: { from: 'node1', to: 'node2' }, expect: 'invalid_body' },
  { name: 'a message with a numeric text', path: '/api/messages', token: ADMIN_TOKEN, body: { from: 'node1', to: 'node2', text: 5 }, expect: 'invalid_body' },
  {
    name: 'a message over 16 KB of text',
    path: '/api/messages',
    token: ADMIN_TOKEN,
    body: { from: 'node1', to: 'node2', text: 'x'.repeat(16_385) },
    expect: 'invalid_body',
  },
  {
    name: 'a message from an unknown node',
    path: '/api/messages',
    token: ADMIN_TOKEN,
    body: { from: 'node99', to: 'node1', text: 'x' },
    expect: 'node_unknown',
  },
];

/** Every endpoint of a node. */
const nodeCases: BadCase[] = [
  { name: 'malformed JSON', path: '/message', raw: '{"sender":', expect: 'bad_json' },
  { name: 'no body', method: 'POST', path: '/message', expect: 'invalid_body' },
  { name: 'missing msg', path: '/message', body: { sender: 'a' }, expect: 'invalid_body' },
  { name: 'missing sender', path: '/message', body: { msg: 'a' }, expect: 'invalid_body' },
  { name: 'msg as an object', path: '/message', body: { sender: 'a', msg: { text: 'a' } }, expect: 'invalid_body' },
  { name: 'sender as a number', path: '/message', body: { sender: 1, msg: 'a' }, expect: 'invalid_body' },
  { name: 'a bad message id', path: '/message', body: { sender: 'a', msg: 'a', id: 'has spaces in it' }, expect: 'invalid_body' },
  { name: 'a body over 64 KB', path: '/message', raw: big(70_000), expect: 'body_too_large' },
  { name: 'a text body', path: '/message', raw: 'hello', headers: { 'content-type': 'text/plain' }, expect: 'unsupported_media_type' },
  {
    name: 'a look-alike media type',
    path: '/message',
    raw: JSON.stringify({ sender: 'a', msg: 'a' }),
    headers: { 'content-type': 'application/json-seq' },
    expect: 'unsupported_media_type',
  },
  { name: 'a gzip body', path: '/message', raw: 'not gzip at all', headers: { 'content-encoding': 'gzip' }, expect: 'unsupported_media_type' },
  { name: 'an unknown route', path: '/nope', expect: 'not_found' },
  { name: 'control without a token', path: '/control/send', body: { to: 'node1', text: 'x' }, expect: 'unauthorized' },
  { name: 'control body without a token, refused before it is read', path: '/control/send', raw: '{oops', expect: 'unauthorized' },
  { name: 'control with a wrong token', path: '/control/send', token: 'wrong-token-wrong-token', body: { to: 'node1', text: 'x' }, expect: 'unauthorized' },
  { name: 'control without text', path: '/control/send', token: CONTROL_TOKEN, body: { to: 'node1' }, expect: 'invalid_body' },
  { name: 'control with a bad target', path: '/control/send', token: CONTROL_TOKEN, body: { to: 'not valid!', text: 'x' }, expect: 'invalid_body' },
];

describe('bad input gets a 4xx JSON error, never a crash', () => {
  let bootstrap: BootstrapProcess;
  let node: Awaited<ReturnType<typeof startNode>>;

  before(async () => {
    bootstrap = await startBootstrap();
    node = await startNode(bootstrap.url, { PEERSCOPE_CONTROL_TOKEN: CONTROL_TOKEN, NODE_ID: 'node1' });
    await waitFor('node1 registered', async () => (await call(`${bootstrap.url}/peers`)).body.peers.length === 1);
  });
  after(async () => {
    await stopProcess(node);
    await bootstrap.stop();
  });

  const check = async (base: () => string, c: BadCase) => {
    const response = await call(`${base()}${c.path}`, c);
    assert.equal(response.status, ERROR_STATUS[c.expect], `${c.name}: ${JSON.stringify(response.body)}`);
    assert.ok(response.status >= 400 && response.status < 500);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(response.body.error.code, c.expect);
    assert.equal(typeof response.body.error.message, 'string');
    assert.ok(response.body.error.message.length > 0);
  };

  for (const c of bootstrapCases) test(`bootstrap: ${c.name} -> ${c.expect}`, () => check(() => bootstrap.url, c));
  for (const c of nodeCases) test(`node: ${c.name} -> ${c.expect}`, () => check(() => node.url, c));

  test('a gzip body that inflates past 64 KB is refused at the limit', async () => {
    const bomb = gzipSync(Buffer.from(big(10_000_000)));
    const response = await fetch(`${bootstrap.url}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'body_too_large');
  });

  for (const [name, path] of [
    ['bootstrap', '/register'],
    ['node', '/message'],
  ] as const) {
    test(`${name}: a 50 MB chunked upload is answered 413 and cut off near the limit, not read to its end`, async () => {
      const { status, written } = await pushHugeBody(`${name === 'node' ? node.url : bootstrap.url}${path}`, 50 * 1024 * 1024);
      assert.ok(status === 413 || status === 0, `status ${status}`);
      // Socket buffers take a few MB before the close reaches the client; all 50 means it read everything.
      assert.ok(written < 20 * 1024 * 1024, `the server took ${written} bytes`);
    });
  }

  test('a message to an unknown peer is a failed send, not an HTTP error', async () => {
    const result = await bootstrap.admin('POST', '/messages', { from: 'node1', to: 'node42', text: 'x' });
    assert.equal(result.status, 200);
    assert.equal(result.body.status, 'failed');
    assert.equal(result.body.error.code, 'peer_unknown');
  });

  test('both servers are still up and answering afterwards', async () => {
    assert.equal((await call(bootstrap.url)).status, 200);
    assert.equal((await call(node.url)).status, 200);
    assert.equal(bootstrap.child.exitCode, null);
    assert.equal(node.child.exitCode, null);
    assert.doesNotMatch(bootstrap.output() + node.output(), /"level":50|unhandled/);
  });
});
