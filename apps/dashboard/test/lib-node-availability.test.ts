import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whyForget, whyNot, type NodeUse } from '../lib/browser/node-availability.js';

const USES: NodeUse[] = ['send', 'receive', 'broadcast', 'gossip', 'crash', 'pause', 'resume', 'restart', 'remove'];
const allowed = (node: Parameters<typeof whyNot>[1]) => USES.filter((use) => whyNot(use, node) === undefined);

test('a running node can do everything but be resumed; paused, it can be resumed instead of paused', () => {
  const alive = { id: 'node1', node: { status: 'alive', kind: 'peerscope' }, paused: false } as const;
  assert.deepEqual(allowed(alive), ['send', 'receive', 'broadcast', 'gossip', 'crash', 'pause', 'restart', 'remove']);
  assert.deepEqual(allowed({ ...alive, paused: true }), ['send', 'receive', 'broadcast', 'gossip', 'crash', 'resume', 'restart', 'remove']);
  assert.deepEqual(allowed({ ...alive, node: { status: 'suspect', kind: 'peerscope' } }), allowed(alive), 'a suspect may well be alive');
});

test('a dead node can only be restarted or removed, and says so', () => {
  const dead = { id: 'node2', node: { status: 'dead', kind: 'peerscope' }, paused: false } as const;
  assert.deepEqual(allowed(dead), ['receive', 'restart', 'remove'], 'a message to it may still be sent, and fails');
  assert.equal(whyNot('crash', dead), 'node2 is dead: restart or remove it');
});

test('a node paused until the registry held it dead still runs: it can be resumed or crashed, not asked to send', () => {
  const pausedDead = { id: 'node4', node: { status: 'dead', kind: 'peerscope' }, paused: true } as const;
  assert.deepEqual(allowed(pausedDead), ['receive', 'crash', 'resume', 'restart', 'remove']);
});

test('a course node only takes messages, and can be removed (forgotten: its process is not the lab’s)', () => {
  const course = { id: 'node3', node: { status: 'alive', kind: 'classic' }, paused: false } as const;
  assert.deepEqual(allowed(course), ['receive', 'remove']);
  assert.match(whyForget(course)!, /course node/, 'Remove forgets it');
  assert.match(whyNot('gossip', course)!, /course node: it has no control API/);
  const deadCourse = { ...course, node: { status: 'dead', kind: 'classic' } } as const;
  assert.deepEqual(allowed(deadCourse), ['receive', 'remove']);
  assert.match(whyNot('restart', deadCourse)!, /course node/, 'not "restart it", which it cannot be');
});

test('a node the picture does not have can do nothing', () => {
  assert.deepEqual(allowed({ id: 'node9', node: undefined, paused: false }), []);
});

test('Remove forgets a dead node or a course node, and stops any other', () => {
  const alive = { id: 'node1', node: { status: 'alive', kind: 'peerscope' }, paused: false } as const;
  assert.equal(whyForget(alive), undefined);
  assert.equal(whyForget({ ...alive, node: { status: 'dead', kind: 'peerscope' } }), 'it is dead');
  assert.equal(whyForget({ ...alive, node: { status: 'dead', kind: 'peerscope' }, paused: true }), undefined, 'paused, it still runs');
  assert.match(whyForget({ ...alive, node: { status: 'alive', kind: 'classic' } })!, /not the lab's to stop/);
});
