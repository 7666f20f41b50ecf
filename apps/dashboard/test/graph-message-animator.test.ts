import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Core } from 'cytoscape';
import { headlessGraph } from './graph-headless.js';
import { ANIMATION_MS, MessageAnimator, messageLook, type Outcome } from '../lib/browser/message-animator.js';

/** An animator on `cy` whose frames and clock the test moves by hand. */
function animator(cy: Core) {
  const clock = { now: 1_000 };
  const frames: Array<() => void> = [];
  const started: string[] = [];
  const a = new MessageAnimator(
    cy,
    (id) => started.push(id),
    () => false,
    { request: (callback) => frames.push(callback), cancel: () => undefined },
    () => clock.now,
  );
  /** Moves the clock by `ms` and runs the frame that was asked for, if any. */
  const frameAfter = (ms: number) => {
    clock.now += ms;
    frames.splice(0).forEach((run) => run());
  };
  return { a, clock, frames, started, frameAfter };
}

let next = 0;
const outcome = (from: number, to: number, failed = false): Outcome =>
  ({
    type: failed ? 'message:failed' : 'message:delivered',
    id: `msg${++next}`,
    from: `node${from}`,
    to: `node${to}`,
    at: 0,
    source: 'test',
    latencyMs: 1,
    ...(failed && { error: { code: 'timeout', message: 'timed out' } }),
  }) as Outcome;

const messageEdges = (cy: Core) => cy.edges('.message');

describe('MessageAnimator', () => {
  test('an outcome is drawn as an edge that swells, fades and leaves, stepped once per frame until it is over', () => {
    const cy = headlessGraph(2);
    const { a, frames, started, frameAfter } = animator(cy);
    assert.equal(a.play(outcome(1, 2)), true);
    const edge = messageEdges(cy)[0]!;
    assert.equal(messageEdges(cy).length, 1);
    assert.deepEqual(started, [`msg${next}`]);
    assert.ok(edge.hasClass('delivered'));
    assert.equal(frames.length, 1, 'a frame is asked for');
    frameAfter(125);
    assert.ok(Math.abs(edge.numericStyle('width') - 5.5) < 0.01, `half-way through the swell: ${edge.numericStyle('width')}`);
    assert.equal(frames.length, 1, 'and the next one, while it runs');
    frameAfter(125 + 625);
    assert.ok(Math.abs(edge.numericStyle('opacity') - 0.5) < 0.01, `half faded: ${edge.numericStyle('opacity')}`);
    frameAfter(ANIMATION_MS);
    assert.equal(messageEdges(cy).length, 0, 'gone when over');
    assert.equal(a.active, 0);
    assert.equal(frames.length, 0, 'no more frames asked for');
  });

  test('every running animation moves in the same frame', () => {
    const cy = headlessGraph(3);
    const { a, frameAfter, frames } = animator(cy);
    a.play(outcome(1, 2));
    a.play(outcome(2, 3, true));
    assert.equal(frames.length, 1, 'one frame for both');
    frameAfter(250);
    assert.deepEqual(
      messageEdges(cy).map((e) => e.numericStyle('width')),
      [8, 8],
    );
  });

  test('past its budget an outcome is counted as aggregated; failures have a budget of their own', () => {
    const cy = headlessGraph(2);
    const { a, frameAfter } = animator(cy);
    const played = Array.from({ length: 30 }, () => a.play(outcome(1, 2))).filter(Boolean).length;
    assert.equal(played, 24);
    assert.equal(a.aggregated, 6);
    assert.equal(a.play(outcome(1, 2, true)), true, 'a failure still plays');
    frameAfter(ANIMATION_MS);
    assert.equal(a.active, 0, 'the budget is free again');
    assert.equal(a.play(outcome(1, 2)), true);
  });

  test('an edge removed mid-animation (a fresh snapshot) gives its budget back at the next frame', () => {
    const cy = headlessGraph(2);
    const { a, frameAfter } = animator(cy);
    a.play(outcome(1, 2));
    messageEdges(cy).remove();
    frameAfter(16);
    assert.equal(a.active, 0);
  });

  test('the look: from the edge as drawn to 8 px at 250 ms, then to 1 px and transparent at the end', () => {
    const start = { width: 3, opacity: 1 };
    assert.deepEqual(messageLook(start, 0), start);
    assert.deepEqual(messageLook(start, -5), start, 'a frame stamped before the start');
    assert.deepEqual(messageLook(start, 250), { width: 8, opacity: 1 });
    assert.deepEqual(messageLook(start, 1_500 - 1_250 / 2), { width: 4.5, opacity: 0.5 });
    assert.equal(messageLook(start, ANIMATION_MS), undefined);
  });
});
