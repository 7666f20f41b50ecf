import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ALLOWED_NETWORKS, UrlPolicy } from '../src/url-policy.js';

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
});

test('a network list can widen or narrow the policy', async () => {
  const narrow = new UrlPolicy(['127.0.0.1/32']);
  assert.equal(await narrow.check('http://127.0.0.1:1'), undefined);
  assert.ok(await narrow.check('http://127.0.0.2:1'));
  assert.throws(() => new UrlPolicy(['not-a-network']), /not an IP network/);
});
