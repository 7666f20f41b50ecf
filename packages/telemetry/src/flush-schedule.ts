/**
 * When a reporter sends its queue: at most once per `flushMs`, but the first event after a quiet
 * spell leaves at once (a lone message shows on the dashboard without waiting for company). A
 * flush due now runs at the end of this turn of the event loop rather than on a timer: a 1 ms
 * timer woke the process a second time for every lone message.
 */
export class FlushSchedule {
  private cancel: (() => void) | undefined;
  private lastFlushAt = 0;

  constructor(
    private readonly flush: () => void,
    private readonly flushMs: number,
  ) {}

  /** Arranges a flush unless one is arranged already. */
  request(): void {
    if (this.cancel !== undefined) return;
    const wait = this.lastFlushAt + this.flushMs - Date.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.run()).unref();
      this.cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.run(), wait).unref();
      this.cancel = () => clearTimeout(timer);
    }
  }

  /** Flushes now (and forgets the arranged flush). */
  run(): void {
    this.stop();
    this.lastFlushAt = Date.now();
    this.flush();
  }

  /** Forgets the arranged flush, if any. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
