import type { Delta } from '@peerscope/protocol';

/** A fresh picture to draw (`fit`: a snapshot came, so the view is fitted too), or the deltas of one frame. */
export type FrameWork = { kind: 'redraw'; fit: boolean } | { kind: 'deltas'; deltas: Delta[] };

/**
 * A hidden tab gets no animation frames: past this many waiting deltas, the next frame redraws
 * from the picture (which the client keeps current) instead of replaying them, so what waits stays bounded.
 */
export const MAX_WAITING_DELTAS = 5_000;

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

export const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Gathers the hub's updates and hands them over once per animation frame: however many batches
 * arrive between two frames, the graph is updated (and redrawn) once. A snapshot replaces
 * whatever was waiting, since the picture is drawn from it afresh. Takes the client's updates
 * (`NetworkUpdate`), described here by the fields it reads.
 */
export class FrameBatcher {
  private pending: FrameWork | undefined;
  private frame = 0;

  constructor(
    private readonly onFrame: (work: FrameWork) => void,
    private readonly scheduler: FrameScheduler = animationFrames,
  ) {}

  push(update: { kind: 'snapshot' } | { kind: 'deltas'; deltas: Delta[] }): void {
    if (update.kind === 'snapshot') this.pending = { kind: 'redraw', fit: true };
    else if (!this.pending) this.pending = { kind: 'deltas', deltas: [...update.deltas] };
    // After a redraw, later deltas are already in the picture it is drawn from.
    else if (this.pending.kind === 'deltas') {
      for (const delta of update.deltas) this.pending.deltas.push(delta);
      if (this.pending.deltas.length > MAX_WAITING_DELTAS) this.pending = { kind: 'redraw', fit: false };
    }
    if (!this.frame) this.frame = this.scheduler.request(() => this.run());
  }

  /** Drops what is waiting (the graph goes away). */
  cancel(): void {
    if (this.frame) this.scheduler.cancel(this.frame);
    this.frame = 0;
    this.pending = undefined;
  }

  private run(): void {
    this.frame = 0;
    const work = this.pending;
    this.pending = undefined;
    if (work) this.onFrame(work);
  }
}
