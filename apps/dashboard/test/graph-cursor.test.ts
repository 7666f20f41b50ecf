import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextInDirection, type Point } from '../lib/browser/graph-cursor.js';

// A plus sign round `c`, with a far-off node to the right and a little up.
const points: Point[] = [
  { id: 'c', x: 0, y: 0 },
  { id: 'left', x: -100, y: 0 },
  { id: 'right', x: 100, y: 10 },
  { id: 'up', x: 0, y: -100 },
  { id: 'down', x: 5, y: 100 },
  { id: 'far', x: 300, y: -40 },
];
const c = points[0]!;

test('each arrow goes to the nearest node lying that way', () => {
  assert.equal(nextInDirection(points, c, 'left'), 'left');
  assert.equal(nextInDirection(points, c, 'right'), 'right');
  assert.equal(nextInDirection(points, c, 'up'), 'up');
  assert.equal(nextInDirection(points, c, 'down'), 'down');
});

test('a step sideways costs more than a step along the arrow', () => {
  // From `up`, ↓ is `c` (straight below), not `right` or `down` (further, or off to the side).
  assert.equal(nextInDirection(points, points[3]!, 'down'), 'c');
  // From `right`, → is `far` (the only node further right).
  assert.equal(nextInDirection(points, points[2]!, 'right'), 'far');
});

test('at the edge of the picture there is nowhere to go', () => {
  assert.equal(nextInDirection(points, points[5]!, 'right'), undefined);
  assert.equal(nextInDirection([c], c, 'left'), undefined);
});
