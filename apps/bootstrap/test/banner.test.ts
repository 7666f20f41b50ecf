import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BANNER_NODES, bannerLines } from '../src/banner.js';

const info = (count: number) => ({
  bootstrapUrl: 'http://127.0.0.1:5000',
  runtime: 'pool',
  admin: { value: 'token-token-token-token', file: '.peerscope/admin-token' },
  nodes: Array.from({ length: count }, (_, i) => ({ id: `node${i + 1}`, url: `http://127.0.0.1:${7001 + i}`, status: 'alive' as const })),
  dashboardUrl: 'http://127.0.0.1:3000',
});

test('a few nodes are all listed by url', () => {
  const lines = bannerLines(info(5));
  assert.equal(lines.filter((line) => /^ {2}node\d+ /.test(line)).length, 5);
  assert.ok(!lines.some((line) => line.includes('more')));
});

test('a thousand nodes: the first few, then how many more, so the urls above stay on the screen', () => {
  const lines = bannerLines(info(1000));
  assert.equal(lines.filter((line) => /^ {2}node\d+ /.test(line)).length, BANNER_NODES);
  assert.ok(lines.includes('  … and 990 more (npx peerscope nodes lists them all)'));
  assert.ok(lines.length < 30);
  assert.equal(lines[1], 'peerscope dashboard  http://localhost:3000');
});
