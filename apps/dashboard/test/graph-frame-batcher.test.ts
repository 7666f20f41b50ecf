import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Delta } from '@peerscope/protocol';
import { FrameBatcher, MAX_WAITING_DELTAS, type FrameWork } from '../lib/browser/frame-batcher.js';

const delta = (seq: number): Delta => ({ seq, event: { type: 'node:stopping', nodeId: `node${seq}`, at: seq, source: 'test' } }) as Delta;

function batcher() {
  const frames: Array<() => void> = [];
  const work: FrameWork[] = [];
  const b = new FrameBatcher((w) => work.push(w), {
    request: (callback) => frames.push(callback),
    cancel: (handle) => {
      frames[handle - 1] = () => undefined;
    },
  });
  const nextFrame = () => frames.splice(0).forEach((run) => run());
  return { b, frames, work, nextFrame };
}

describe('FrameBatcher', () => {
  test('batches arriving between two frames are handed over once, in order, at the frame', () => {
    const { b, frames, work, nextFrame } = batcher();
    b.push({ kind: 'deltas', deltas: [delta(1), delta(2)] });
    b.push({ kind: 'deltas', deltas: [delta(3)] });
    assert.equal(frames.length, 1, 'one frame requested');
    assert.equal(work.length, 0);
    nextFrame();
    assert.deepEqual(
      work.map((w) => (w.kind === 'deltas' ? w.deltas.map((d) => d.seq) : w.kind)),
      [[1, 2, 3]],
    );
    nextFrame();
    assert.equal(work.length, 1, 'nothing more without new updates');
  });

  test('a snapshot replaces what was waiting, and deltas after it in the same frame are in its view already', () => {
    const { b, work, nextFrame } = batcher();
    b.push({ kind: 'deltas', deltas: [delta(1)] });
    b.push({ kind: 'snapshot' });
    b.push({ kind: 'deltas', deltas: [delta(2)] });
    nextFrame();
    assert.deepEqual(work, [{ kind: 'redraw', fit: true }]);
    b.push({ kind: 'deltas', deltas: [delta(3)] });
    nextFrame();
    assert.equal(work.length, 2);
  });

  test('a tab that gets no frames keeps a bounded backlog: past the bound it redraws from the picture, without refitting', () => {
    const { b, work, nextFrame } = batcher();
    for (let seq = 1; seq <= MAX_WAITING_DELTAS + 1; seq++) b.push({ kind: 'deltas', deltas: [delta(seq)] });
    b.push({ kind: 'deltas', deltas: [delta(MAX_WAITING_DELTAS + 2)] });
    nextFrame();
    assert.deepEqual(work, [{ kind: 'redraw', fit: false }]);
  });

  test('cancel drops what waits', () => {
    const { b, work, nextFrame } = batcher();
    b.push({ kind: 'deltas', deltas: [delta(1)] });
    b.cancel();
    nextFrame();
    assert.equal(work.length, 0);
  });
});
