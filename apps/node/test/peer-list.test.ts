import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerEntry } from '@peerscope/protocol';
import { PeerBook } from '../src/peer-book.js';
import { PeerList, REGISTRATIONS_AT_ONCE } from '../src/peer-list.js';

const entry = (id: string, port = Number(id.replace('node', ''))): PeerEntry => ({ id, url: `http://127.0.0.1:${port}`, kind: 'peerscope', status: 'alive' });
const ids = (list: PeerList) => [...list.byId.keys()].sort();
const at = (version: number, epoch = 'run1') => ({ epoch, version });

test('answers that come back out of order: the list only moves forward, and changes since a version it passed still make it exact', () => {
  const list = new PeerList();
  list.replace([entry('node1'), entry('node2')], at(2));
  // Two nodes asked from version 2; the answer to the later request (up to 5) comes back first.
  list.apply({ upserts: [entry('node3'), entry('node4')], removed: ['node1'] }, at(5));
  list.apply({ upserts: [entry('node3')], removed: ['node1'] }, at(3));
  assert.deepEqual(ids(list), ['node2', 'node3', 'node4'], 'the older answer changed nothing');
  assert.deepEqual(list.held, at(5));
  // A third asked from 3 (before the list reached 5); its answer, up to 6, holds what 3..5 moved too.
  list.apply({ upserts: [entry('node3'), entry('node4'), entry('node1', 11)], removed: ['node2'] }, at(6));
  assert.deepEqual(ids(list), ['node1', 'node3', 'node4']);
  assert.equal(list.byId.get('node1')?.url, 'http://127.0.0.1:11', 'each id as it is at the newest version');
  assert.deepEqual(list.held, at(6));
});

test('a full list of an older version is ignored; one of another run (a restarted bootstrap) replaces everything', () => {
  const list = new PeerList();
  list.replace([entry('node1'), entry('node2'), entry('node3')], at(9));
  list.replace([entry('node1')], at(4));
  assert.deepEqual(ids(list), ['node1', 'node2', 'node3']);
  list.apply({ upserts: [entry('node7')], removed: [] }, at(12, 'run2'));
  assert.deepEqual(ids(list), ['node1', 'node2', 'node3'], 'changes of another run are not ours to apply');
  list.replace([entry('node5')], at(1, 'run2'));
  assert.deepEqual(ids(list), ['node5']);
  assert.deepEqual(list.held, at(1, 'run2'));
});

test('nodes sharing one list each leave only themselves out', () => {
  const shared = new PeerList();
  const [a, b] = [new PeerBook(shared), new PeerBook(shared)];
  a.replace([entry('node1'), entry('node2'), entry('node3')], 'node1', undefined, at(3));
  b.apply({ upserts: [entry('node4')], removed: [] }, 'node2', at(4));
  b.setNeighbours(['node1', 'node2', 'node4'], 'node2');
  assert.deepEqual(
    a.reachable().map((p) => p.id),
    ['node2', 'node3', 'node4'],
    "node2's answer is node1's news too",
  );
  assert.deepEqual(
    b.reachable().map((p) => p.id),
    ['node1', 'node3', 'node4'],
  );
  assert.deepEqual(
    b.neighbours().map((p) => p.id),
    ['node1', 'node4'],
  );
  assert.equal(a.find('node1'), undefined);
  assert.equal(a.find('http://127.0.0.1:1'), undefined, 'not by its url either');
  assert.equal(b.find('http://127.0.0.1:1')?.id, 'node1');
});

test('an unversioned full list (it leaves the asker out) keeps the asker in a shared list', () => {
  const shared = new PeerList();
  const [a, b] = [new PeerBook(shared), new PeerBook(shared)];
  a.replacePeers([entry('node2'), entry('node3')], 'node1');
  b.replacePeers([entry('node1'), entry('node3')], 'node2');
  a.replacePeers([entry('node2'), entry('node3')], 'node1');
  assert.deepEqual(ids(shared), ['node1', 'node2', 'node3'], 'each answer lacked only its asker');
  b.replacePeers([entry('node1')], 'node2');
  assert.deepEqual(ids(shared), ['node1', 'node2'], 'node3 left');
});

test('nodes sharing a list register one at a time while it holds nothing, then a few at a time', async () => {
  const list = new PeerList();
  const first = await list.registrationTurn();
  let second: (() => void) | undefined;
  const waiting = list.registrationTurn().then((done) => (second = done));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(second, undefined, 'the second waits while the first fetches the whole list');
  list.replace([entry('node1')], at(1));
  first();
  await waiting;
  const more = await Promise.all(Array.from({ length: REGISTRATIONS_AT_ONCE - 1 }, () => list.registrationTurn()));
  let beyond: (() => void) | undefined;
  void list.registrationTurn().then((done) => (beyond = done));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(beyond, undefined, `at most ${REGISTRATIONS_AT_ONCE} at once`);
  more[0]!();
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(typeof beyond, 'function', 'a finished one makes room');
});
