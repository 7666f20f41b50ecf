import type { Delta } from '@peerscope/protocol';
import type { NetworkUpdate } from './network-client';

export type FrameWork = { kind: 'snapshot' } | { kind: 'deltas'; deltas: Delta[] };

export interface FrameScheduler {
  request(callback: () => void): number;
  cancel(handle: number): void;
}

const animationFrames: FrameScheduler = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/**
 * Gathers the hub's updates and hands them over once per animation frame: however many batches
 * arrive between two frames, the graph is updated (and redrawn) once. A snapshot replaces
 * whatever was waiting, since the picture is drawn from it afresh.
 */
export class FrameBatcher {
  private pending: FrameWork | undefined;
  private frame = 0;

  constructor(
    private readonly onFrame: (work: FrameWork) => void,
    private readonly scheduler: FrameScheduler = animationFrames,
  ) {}

  push(update: NetworkUpdate): void {
    if (update.kind === 'snapshot') this.pending = { kind: 'snapshot' };
    else if (!this.pending) this.pending = { kind: 'deltas', deltas: [...update.deltas] };
    // After a snapshot, later deltas are already in the view it is drawn from.
    else if (this.pending.kind === 'deltas') for (const delta of update.deltas) this.pending.deltas.push(delta);
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
