import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Core } from 'cytoscape';
import { headlessGraph } from './graph-headless.js';
import { ANIMATION_MS, MessageAnimator, TRAVEL_MS, messageLook, type Outcome } from '../lib/browser/message-animator.js';
import type { MessageStroke } from '../lib/browser/message-canvas.js';
import { HIGHLIGHT_COLOR, MESSAGE_COLORS } from '../lib/browser/graph-style.js';

/** An animator on `cy` whose frames and clock the test moves by hand; `painted` holds what each frame drew. */
function animator(cy: Core, duplicate = false) {
  const clock = { now: 1_000 };
  const requested = new Map<number, () => void>();
  let handles = 0;
  const shown: string[] = [];
  const painted: Array<readonly MessageStroke[]> = [];
  const a = new MessageAnimator(
    cy,
    (id) => shown.push(id),
    () => duplicate,
    (strokes) => painted.push(strokes),
    {
      request: (callback) => {
        requested.set(++handles, callback);
        return handles;
      },
      cancel: (handle) => requested.delete(handle),
    },
    () => clock.now,
  );
  /** The frames asked for and not cancelled. */
  const frames = {
    get length() {
      return requested.size;
    },
  };
  /** Moves the clock by `ms` and runs the frame that was asked for, if any; returns what it drew. */
  const frameAfter = (ms: number) => {
    clock.now += ms;
    const due = [...requested.values()];
    requested.clear();
    due.forEach((run) => run());
    return painted.at(-1);
  };
  return { a, clock, frames, shown, painted, frameAfter };
}

let next = 0;
const outcome = (from: number, to: number, failed = false, extra: Record<string, unknown> = {}): Outcome =>
  ({
    type: failed ? 'message:failed' : 'message:delivered',
    id: `msg${++next}`,
    from: `node${from}`,
    to: `node${to}`,
    at: 0,
    source: 'test',
    latencyMs: 1,
    ...(failed && { error: { code: 'timeout', message: 'timed out' } }),
    ...extra,
  }) as Outcome;

const messageEdges = (cy: Core) => cy.edges('.message');
const near = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 0.01, `${actual} ≠ ${expected}`);

describe('MessageAnimator', () => {
  test('an outcome is drawn as a line that runs from sender to receiver, swells, fades and leaves, once per frame; its edge lives as long', () => {
    const cy = headlessGraph(2);
    cy.getElementById('node2').position({ x: 300, y: 0 });
    const { a, frames, shown, painted, frameAfter } = animator(cy);
    assert.equal(a.play(outcome(1, 2)), true);
    const edge = messageEdges(cy)[0]!;
    assert.equal(messageEdges(cy).length, 1);
    assert.deepEqual([edge.data('source'), edge.data('target')], ['node1', 'node2']);
    assert.deepEqual(shown, [], 'not drawn yet');
    assert.ok(edge.hasClass('delivered'));
    assert.equal(edge.numericStyle('opacity'), 0, 'Cytoscape does not draw it: the message canvas does');
    assert.equal(frames.length, 1, 'a frame is asked for');

    // Its first frame shows it a frame (16 ms) into its journey.
    const swelling = frameAfter(125 - 16)!;
    assert.deepEqual(shown, [`msg${next}`], 'drawn');
    assert.equal(swelling.length, 1);
    const stroke = swelling[0]!;
    assert.deepEqual([stroke.from, stroke.to], [cy.getElementById('node1').position(), { x: 300, y: 0 }]);
    near(stroke.width, 5.5);
    near(stroke.reach, 125 / TRAVEL_MS);
    assert.equal(stroke.color, MESSAGE_COLORS.delivered);
    assert.equal(stroke.dashed, false);
    assert.equal(frames.length, 1, 'and the next one, while it runs');

    const fading = frameAfter(125 + 625)![0]!;
    near(fading.opacity, 0.5);
    assert.equal(fading.reach, 1, 'arrived');
    const drawnFrames = painted.length;
    assert.deepEqual(frameAfter(ANIMATION_MS), [], 'the last frame clears it');
    assert.equal(painted.length, drawnFrames + 1);
    assert.equal(messageEdges(cy).length, 0, 'its edge is gone when it is over');
    assert.equal(a.active, 0);
    assert.equal(frames.length, 0, 'no more frames asked for');
  });

  test('drawNow, in the frame that played them, draws the new messages at once instead of in the next frame', () => {
    const cy = headlessGraph(3);
    cy.getElementById('node2').position({ x: 300, y: 0 });
    const { a, frames, shown, painted, frameAfter } = animator(cy);
    a.play(outcome(1, 2));
    a.drawNow();
    assert.deepEqual(shown, [`msg${next}`], 'shown in this frame');
    assert.equal(painted.length, 1);
    assert.ok(painted[0]![0]!.reach > 0, 'a frame into its journey: its line has left the sender');
    assert.equal(frames.length, 1, 'one frame asked for, the next one');
    a.drawNow();
    assert.equal(painted.length, 1, 'nothing new to show: nothing drawn again');
    assert.equal(frameAfter(16)!.length, 1);
    assert.deepEqual(shown, [`msg${next}`], 'shown once');
  });

  test('every running animation is drawn in the same frame', () => {
    const cy = headlessGraph(3);
    const { a, frameAfter, frames } = animator(cy);
    a.play(outcome(1, 2));
    a.play(outcome(2, 3, true));
    assert.equal(frames.length, 1, 'one frame for both');
    const strokes = frameAfter(250 - 16)!;
    assert.deepEqual(
      strokes.map((s) => s.width),
      [8, 8],
    );
  });

  test('failures stand out (red, dashed), gossip hops and duplicates keep their colours, the message pointed at is lit', () => {
    const cy = headlessGraph(3);
    const { a, frameAfter } = animator(cy);
    a.play(outcome(1, 2, true));
    a.play(outcome(2, 3, false, { gossip: { id: 'g1', hop: 1 } }));
    let strokes = frameAfter(16)!;
    assert.deepEqual(
      strokes.map((s) => [s.color, s.dashed]),
      [
        [MESSAGE_COLORS.failed, true],
        [MESSAGE_COLORS.gossip, false],
      ],
    );
    assert.ok(messageEdges(cy)[0]!.hasClass('failed'));
    messageEdges(cy)[1]!.addClass('highlight');
    strokes = frameAfter(16)!;
    assert.equal(strokes[1]!.color, HIGHLIGHT_COLOR);
    assert.equal(messageEdges(cy)[1]!.numericStyle('opacity'), 0, 'lit on the canvas, still invisible to Cytoscape');

    const { a: b, frameAfter: frameAfterB } = animator(headlessGraph(2), true);
    b.play(outcome(1, 2));
    assert.equal(frameAfterB(16)![0]!.color, MESSAGE_COLORS.duplicate);
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

  test('an edge removed mid-animation (a fresh snapshot) gives its budget back and is no longer drawn at the next frame', () => {
    const cy = headlessGraph(2);
    const { a, frameAfter } = animator(cy);
    a.play(outcome(1, 2));
    messageEdges(cy).remove();
    assert.deepEqual(frameAfter(16), []);
    assert.equal(a.active, 0);
  });

  test('the look: from 3 px to 8 px at 250 ms, then to 1 px and transparent at the end; the line reaches the receiver at TRAVEL_MS', () => {
    const start = { width: 3, opacity: 1 };
    assert.deepEqual(messageLook(start, 0), { ...start, reach: 0 });
    assert.deepEqual(messageLook(start, -5), { ...start, reach: 0 }, 'a frame stamped before the start');
    assert.deepEqual(messageLook(start, 250), { width: 8, opacity: 1, reach: 250 / TRAVEL_MS });
    assert.deepEqual(messageLook(start, TRAVEL_MS)?.reach, 1);
    assert.deepEqual(messageLook(start, 1_500 - 1_250 / 2), { width: 4.5, opacity: 0.5, reach: 1 });
    assert.equal(messageLook(start, ANIMATION_MS), undefined);
  });
});
