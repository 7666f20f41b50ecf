import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FaultBook } from '../src/faults.js';

const all = ['node1', 'node2', 'node3', 'node4'];

test('a two-way partition blocks both directions across the cut, and nothing inside a side', () => {
  const faults = new FaultBook();
  faults.setPartition({ group: ['node1', 'node2'], direction: 'both' });
  assert.deepEqual(faults.shareOf('node1', all), { blockedTo: ['node3', 'node4'], blockedFrom: ['node3', 'node4'], links: [] });
  assert.deepEqual(faults.shareOf('node3', all), { blockedTo: ['node1', 'node2'], blockedFrom: ['node1', 'node2'], links: [] });
  faults.heal();
  assert.deepEqual(faults.shareOf('node1', all), { blockedTo: [], blockedFrom: [], links: [] });
});

test('one-way cuts: outbound stops the group sending out, inbound stops the rest sending in', () => {
  const faults = new FaultBook();
  faults.setPartition({ group: ['node1'], direction: 'outbound' });
  assert.deepEqual(faults.shareOf('node1', all), { blockedTo: ['node2', 'node3', 'node4'], blockedFrom: [], links: [] });
  assert.deepEqual(faults.shareOf('node2', all), { blockedTo: [], blockedFrom: ['node1'], links: [] });
  faults.setPartition({ group: ['node1'], direction: 'inbound' });
  assert.deepEqual(faults.shareOf('node1', all), { blockedTo: [], blockedFrom: ['node2', 'node3', 'node4'], links: [] });
  assert.deepEqual(faults.shareOf('node2', all), { blockedTo: ['node1'], blockedFrom: [], links: [] });
});

test('link faults go to the sending node; an all-zero fault removes the rule', () => {
  const faults = new FaultBook();
  faults.setLink({ from: 'node1', to: 'node2', latencyMs: 100, jitterMs: 20, lossPct: 0 });
  faults.setLink({ from: 'node1', latencyMs: 0, jitterMs: 0, lossPct: 20 });
  assert.deepEqual(faults.shareOf('node1', all).links, [
    { to: 'node2', latencyMs: 100, jitterMs: 20, lossPct: 0 },
    { latencyMs: 0, jitterMs: 0, lossPct: 20 },
  ]);
  assert.deepEqual(faults.shareOf('node2', all).links, []);
  faults.setLink({ from: 'node1', to: 'node2', latencyMs: 0, jitterMs: 0, lossPct: 0 });
  assert.equal(faults.state().links.length, 1);
});

test('a node that leaves takes its pause and its link faults with it; the longest hold counts jitter', () => {
  const faults = new FaultBook();
  faults.setLink({ from: 'node1', to: 'node2', latencyMs: 100, jitterMs: 20, lossPct: 0 });
  faults.setLink({ from: 'node1', to: 'node3', latencyMs: 150, jitterMs: 0, lossPct: 0 });
  faults.setLink({ from: 'node3', to: 'node4', latencyMs: 0, jitterMs: 0, lossPct: 50 });
  faults.markPaused('node2', true);
  assert.equal(faults.maxDelayOf('node1'), 150);
  assert.equal(faults.maxDelayOf('node4'), 0, 'no rule out of it');
  assert.equal(faults.forget('node2'), true);
  assert.deepEqual(faults.state().paused, []);
  assert.deepEqual(
    faults.state().links.map((l) => [l.from, l.to]),
    [
      ['node1', 'node3'],
      ['node3', 'node4'],
    ],
  );
  assert.equal(faults.maxDelayOf('node1'), 150);
  assert.equal(faults.forget('node3'), true);
  assert.deepEqual(faults.state().links, []);
  assert.equal(faults.forget('node9'), false, 'nothing to forget, nothing to report');
});

test('reset clears everything and hands back the paused nodes to resume', () => {
  const faults = new FaultBook();
  faults.setPartition({ group: ['node1'], direction: 'both' });
  faults.markPaused('node3', true);
  faults.setLink({ from: 'node2', latencyMs: 5, jitterMs: 0, lossPct: 0 });
  assert.deepEqual(faults.reset(), ['node3']);
  assert.deepEqual(faults.state(), { partition: null, links: [], paused: [] });
});
