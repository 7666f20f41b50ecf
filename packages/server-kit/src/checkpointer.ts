import type { StateLog } from './state-log.js';

/**
 * Group commit over a StateLog: many changes in a short spell become one checkpoint. `saved()`
 * resolves once a checkpoint taken after the call is on disk, so whoever waits for it (a reporter's
 * acknowledgement, an admin answer) knows the change it made survives a `kill -9`.
 */
export class Checkpointer<T> {
  /** The spell changes are grouped over now: `delayMs`, or longer while a checkpoint costs more. */
  private spellMs: number;
  private timer: NodeJS.Timeout | undefined;
  private waiting: Array<() => void> = [];
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly log: StateLog<T>,
    private readonly take: () => T,
    private readonly delayMs = 100,
    private readonly onError: (err: Error) => void = () => {},
  ) {
    this.spellMs = delayMs;
  }

  /** Asks for a checkpoint soon; resolves once one that includes every change made so far is saved. */
  saved(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.timer ??= setTimeout(() => void this.run(), this.spellMs);
    return done;
  }

  /** Saves what is pending now, then stops taking checkpoints; `clear` empties the log instead (a clean stop). */
  async close({ clear = false }: { clear?: boolean } = {}): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    if (clear) await this.log.clear();
    else if (this.waiting.length > 0) await this.run();
    this.closed = true;
    for (const resolve of this.waiting.splice(0)) resolve();
    await this.log.close();
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    if (this.running) {
      // One write at a time: this round starts when the one on disk now is done.
      await this.running;
      if (this.timer === undefined && this.waiting.length > 0) this.timer = setTimeout(() => void this.run(), 0);
      return;
    }
    const waiters = this.waiting;
    this.waiting = [];
    const began = performance.now();
    const written = this.log.append(this.take());
    // Taking and encoding a checkpoint runs on the event loop: a large state (two thousand nodes
    // joining) checkpointed every 100 ms would take most of it. Grouping changes over a spell ten
    // times what the last one cost keeps checkpoints to about a tenth of the loop, whatever the size.
    this.spellMs = Math.min(MAX_SPELL_MS, Math.max(this.delayMs, 10 * (performance.now() - began)));
    this.running = written.then(
      () => waiters.forEach((resolve) => resolve()),
      (err: Error) => {
        this.onError(err);
        // Not saved: they wait for the next checkpoint, which a later change or a retry brings.
        this.waiting.unshift(...waiters);
        this.timer ??= setTimeout(() => void this.run(), 1_000);
      },
    );
    await this.running;
    this.running = undefined;
  }
}

/** However large the state, a change waits at most this long to be saved. */
const MAX_SPELL_MS = 2_000;
