import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerEntry } from '@peerscope/protocol';
import { PeerBook } from '../src/peer-book.js';

const entry = (id: string, port: number, status: PeerEntry['status'] = 'alive'): PeerEntry => ({ id, url: `http://127.0.0.1:${port}`, kind: 'peerscope', status });

test('a peer is found by id or by url, and the node itself is never its own peer', () => {
  const book = new PeerBook();
  book.replace([entry('node1', 1), entry('node2', 2), entry('node3', 3, 'dead')], 'node1');
  assert.equal(book.find('node1'), undefined);
  assert.equal(book.find('node2')?.url, 'http://127.0.0.1:2');
  assert.equal(book.find('http://127.0.0.1:2/')?.id, 'node2');
  assert.deepEqual(book.reachable().map((p) => p.id), ['node2'], 'dead peers are not reachable');
});
