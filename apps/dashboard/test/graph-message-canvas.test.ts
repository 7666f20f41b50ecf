import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { arrowSize, strokeShape } from '../lib/browser/message-canvas.js';
import { NODE_SIZE } from '../lib/browser/graph-style.js';

const R = NODE_SIZE / 2;

describe('message canvas: the shape of a moving message', () => {
  test('the line starts at the sender’s rim and, arrived, its arrowhead’s tip touches the receiver’s rim', () => {
    const shape = strokeShape({ from: { x: 0, y: 0 }, to: { x: 200, y: 0 }, reach: 1, width: 3 })!;
    assert.deepEqual(shape.start, { x: R, y: 0 });
    const [left, tip, right] = shape.arrow;
    assert.deepEqual(tip, { x: 200 - R, y: 0 });
    const length = 0.3 * arrowSize(3);
    assert.ok(Math.abs(shape.lineEnd.x - (200 - R - length)) < 1e-9, 'the line stops at the arrowhead’s base');
    assert.ok(Math.abs(left.x - shape.lineEnd.x) < 1e-9 && Math.abs(right.x - shape.lineEnd.x) < 1e-9);
    assert.ok(Math.abs(left.y + right.y) < 1e-9 && Math.abs(left.y - right.y - 0.3 * arrowSize(3)) < 1e-9, 'the base is as wide as Cytoscape’s triangle');
  });

  test('on its way the tip is `reach` of the way between the rims, in any direction', () => {
    const shape = strokeShape({ from: { x: 100, y: 100 }, to: { x: 100, y: 100 - 2 * R - 100 }, reach: 0.25, width: 3 })!;
    assert.deepEqual(shape.start, { x: 100, y: 100 - R });
    assert.ok(Math.abs(shape.arrow[1].y - (100 - R - 25)) < 1e-9 && Math.abs(shape.arrow[1].x - 100) < 1e-9);
    assert.ok(shape.lineEnd.y <= shape.start.y, 'a short line is all arrowhead, never behind the sender');
  });

  test('nothing is drawn before it leaves the sender, or between nodes that overlap', () => {
    assert.equal(strokeShape({ from: { x: 0, y: 0 }, to: { x: 200, y: 0 }, reach: 0, width: 3 }), undefined);
    assert.equal(strokeShape({ from: { x: 0, y: 0 }, to: { x: R, y: 0 }, reach: 1, width: 3 }), undefined);
  });

  test('arrowheads grow with the line as Cytoscape’s do, from a floor', () => {
    assert.equal(arrowSize(1), 29);
    assert.ok(arrowSize(8) > arrowSize(3));
  });
});
