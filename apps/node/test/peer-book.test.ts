import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerEntry } from '@peerscope/protocol';
import { PeerBook } from '../src/peer-book.js';

const entry = (id: string, port: number, status: PeerEntry['status'] = 'alive'): PeerEntry => ({
  id,
  url: `http://127.0.0.1:${port}`,
  kind: 'peerscope',
  status,
});

test('a peer is found by id or by url, and the node itself is never its own peer', () => {
  const book = new PeerBook();
  book.replace([entry('node1', 1), entry('node2', 2), entry('node3', 3, 'dead')], 'node1');
  assert.equal(book.find('node1'), undefined);
  assert.equal(book.find('node2')?.url, 'http://127.0.0.1:2');
  assert.equal(book.find('http://127.0.0.1:2/')?.id, 'node2');
  assert.deepEqual(
    book.reachable().map((p) => p.id),
    ['node2'],
    'dead peers are not reachable',
  );
});

test("neighbours are the overlay's reachable neighbours, or every reachable peer when the bootstrap names none", () => {
  const book = new PeerBook();
  const all = [entry('node1', 1), entry('node2', 2), entry('node3', 3), entry('node4', 4, 'dead'), entry('node5', 5)];
  book.replace(all, 'node1');
  assert.deepEqual(
    book.neighbours().map((p) => p.id),
    ['node2', 'node3', 'node5'],
    'a full mesh',
  );
  book.replace(all, 'node1', ['node3', 'node4', 'node9', 'node1']);
  assert.deepEqual(
    book.neighbours().map((p) => p.id),
    ['node3'],
    'dead, unknown and self are left out',
  );
  assert.deepEqual(
    book.reachable().map((p) => p.id),
    ['node2', 'node3', 'node5'],
    'every peer stays reachable for direct sends',
  );
  book.replace(all, 'node1', []);
  assert.deepEqual(book.neighbours(), [], 'an empty list is no neighbours, not a full mesh');
  book.replace(all, 'node1');
  assert.equal(book.neighbours().length, 3, 'an answer without neighbours is a full mesh again');
});

test('changes since the held version are applied: upserts replace, removals drop, the node itself stays out', () => {
  const book = new PeerBook();
  book.replace([entry('node1', 1), entry('node2', 2), entry('node3', 3)], 'node1', ['node2']);
  book.apply({ upserts: [entry('node2', 2, 'suspect'), entry('node4', 4), entry('node1', 9)], removed: ['node3', 'node99'] }, 'node1');
  assert.deepEqual(
    book
      .all()
      .map((p) => `${p.id} ${p.status}`)
      .sort(),
    ['node2 suspect', 'node4 alive'],
  );
  assert.deepEqual(
    book.neighbours().map((p) => p.id),
    ['node2'],
    'the neighbours stay as they were',
  );
  book.replacePeers([entry('node5', 5)], 'node1');
  assert.deepEqual(book.neighbours(), [], 'a full list keeps the neighbours too (node2 has gone)');
  book.setNeighbours(null, 'node1');
  assert.deepEqual(
    book.neighbours().map((p) => p.id),
    ['node5'],
    'null is a full mesh again',
  );
});
