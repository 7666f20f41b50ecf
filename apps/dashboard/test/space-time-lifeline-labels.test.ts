import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifelineLabels } from '../lib/browser/space-time/lifeline-labels';

const labels = (nodes: string[], width: number) => [...lifelineLabels(nodes, width).values()];

test('lifeline names are whole where they fit their column', () => {
  assert.deepEqual(labels(['node1', 'node2', 'node10'], 80), ['node1', 'node2', 'node10']);
});

test('in narrow columns the letters every name shares are dropped, never the digits', () => {
  assert.deepEqual(labels(['node1', 'node2', 'node10'], 30), ['1', '2', '10']);
  assert.deepEqual(labels(['node10', 'node11', 'node19'], 30), ['10', '11', '19']);
});

test('names with nothing in common, or a single one, are left as they are', () => {
  assert.deepEqual(labels(['alpha', 'beta'], 20), ['alpha', 'beta']);
  assert.deepEqual(labels(['node7'], 20), ['node7']);
  assert.deepEqual(labels(['node', 'node1'], 20), ['node', '1']);
});
