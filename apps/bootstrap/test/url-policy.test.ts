import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ALLOWED_NETWORKS, UrlPolicy } from '@peerscope/server-kit';

const policy = new UrlPolicy(DEFAULT_ALLOWED_NETWORKS);

test('loopback, localhost and Docker bridge addresses are allowed by default', async () => {
  for (const url of ['http://127.0.0.1:5000', 'http://127.9.9.9:1', 'http://localhost:8080', 'http://[::1]:5000', 'http://172.18.0.5:5000']) {
    assert.equal(await policy.check(url), undefined, url);
  }
});

test('other addresses are refused with a message naming the setting', async () => {
  for (const url of ['http://10.0.0.1:5000', 'http://192.168.1.10:80', 'http://8.8.8.8/', 'http://169.254.169.254/', 'http://[::ffff:10.0.0.1]:1']) {
    const reason = await policy.check(url);
    assert.ok(reason?.includes('PEERSCOPE_ALLOWED_NETWORKS'), `${url}: ${reason}`);
  }
});

test('IPv4-mapped IPv6 loopback counts as loopback', () => {
  assert.ok(policy.allowsAddress('::ffff:127.0.0.1'));
  assert.ok(policy.allowsAddress('::ffff:7f00:1'), 'the URL standard writes it in hex');
  assert.ok(!policy.allowsAddress('::ffff:a00:1'), '10.0.0.1, mapped');
});

test('a network list can widen or narrow the policy', async () => {
  const narrow = new UrlPolicy(['127.0.0.1/32']);
  assert.equal(await narrow.check('http://127.0.0.1:1'), undefined);
  assert.ok(await narrow.check('http://127.0.0.2:1'));
  assert.throws(() => new UrlPolicy(['not-a-network']), /not an IP network/);
});

test("inspect gives the origin (no path, lower-case scheme, the URL standard's host) and the plain addresses", async () => {
  assert.deepEqual(await policy.inspect('HTTP://2130706433:5000/some/path?q=1'), { origin: 'http://127.0.0.1:5000', addresses: ['127.0.0.1'] });
  assert.deepEqual(await policy.inspect('http://[::ffff:127.0.0.1]:80/'), { origin: 'http://[::ffff:7f00:1]', addresses: ['127.0.0.1'] });
  const localhost = await policy.inspect('http://localhost:5000');
  assert.ok(localhost.refused === undefined && localhost.addresses.some((a) => a === '127.0.0.1' || a === '::1'));
});

test('the guarded client refuses an IP literal outside the networks before connecting, which a lookup hook alone misses', async () => {
  const { createServer } = await import('node:http');
  const { request } = await import('undici');
  const { createGuardedAgent } = await import('@peerscope/server-kit');
  let reached = 0;
  const server = createServer((_req, res) => {
    reached++;
    res.end('secret');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const agent = createGuardedAgent(new UrlPolicy(['127.0.0.2/32']));
  try {
    await assert.rejects(request(`http://127.0.0.1:${port}/`, { dispatcher: agent }), /outside the allowed networks/);
    await assert.rejects(request(`http://localhost:${port}/`, { dispatcher: agent }), /outside the allowed networks/);
    assert.equal(reached, 0);
  } finally {
    await agent.close();
    server.close();
  }
});
