import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { arrowSize, pixelBoxOf, strokeShape } from '../lib/browser/message-canvas.js';
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

describe('message canvas: what a frame drew, so the next clears only that', () => {
  const shapeOf = (width: number) => ({ shape: strokeShape({ from: { x: 0, y: 0 }, to: { x: 200, y: 0 }, reach: 1, width })!, width });

  test('the box covers the line, its width and the arrowhead, in canvas pixels at the view’s zoom, pan and pixel ratio', () => {
    const line = shapeOf(8);
    const [left, tip, right] = line.shape.arrow;
    const box = pixelBoxOf([line], { zoom: 1, pan: { x: 0, y: 0 }, ratio: 1 })!;
    assert.ok(box.x <= R - 4 && box.x + box.width >= tip.x, 'from the sender’s rim to the tip');
    assert.ok(box.y <= Math.min(left.y, right.y, -4) && box.y + box.height >= Math.max(left.y, right.y, 4), 'the arrowhead’s base and the line’s width');
    const moved = pixelBoxOf([line], { zoom: 2, pan: { x: 10, y: 20 }, ratio: 1.5 })!;
    assert.ok(Math.abs(moved.x - ((box.x + 2) * 3 + 15 - 2)) <= 1, 'scaled by zoom × ratio, shifted by pan × ratio');
    assert.ok(Math.abs(moved.width - (box.width - 4) * 3 - 4) <= 2);
  });

  test('several strokes: one box round them all; none: nothing to clear', () => {
    const near = shapeOf(3);
    const far = { shape: strokeShape({ from: { x: 0, y: 500 }, to: { x: 0, y: 800 }, reach: 0.5, width: 3 })!, width: 3 };
    const box = pixelBoxOf([near, far], { zoom: 1, pan: { x: 0, y: 0 }, ratio: 1 })!;
    assert.ok(box.y < 0 && box.y + box.height > 500 + R);
    assert.equal(pixelBoxOf([], { zoom: 1, pan: { x: 0, y: 0 }, ratio: 1 }), undefined);
  });
});
