/**
 * When a queue is sent (a node's telemetry reporter, the hub's batches to browsers): on average at
 * most once per `intervalMs`, whatever the load, while a quiet sender may send up to `burst` times
 * at once. A token bucket: one send costs a token, tokens come back one per `intervalMs`, and at
 * most `burst` are kept. Under steady load the bucket stays empty and sends are `intervalMs`
 * apart, as with a plain timer; after a quiet spell the few events of one exchange (a message's
 * `sent`, then its `delivered` a few milliseconds later) each go at once instead of waiting for
 * the window the first one opened. `burst` 1 is a leading-edge throttle.
 *
 * A send due now runs at the end of this turn of the event loop rather than on a timer: a 1 ms
 * timer woke the process a second time for every lone message.
 */
export class FlushSchedule {
  private cancel: (() => void) | undefined;
  private tokens: number;
  private countedAt = 0;

  /** `flush` says whether it sent anything: a flush that found nothing to send costs no token. */
  constructor(
    private readonly flush: () => boolean,
    private readonly intervalMs: number,
    private readonly burst = 1,
  ) {
    if (!(burst >= 1)) throw new RangeError(`burst must be at least 1 (got ${burst})`);
    this.tokens = burst;
  }

  /** Arranges a flush unless one is arranged already: now if a token is left, else when the next one comes. */
  request(): void {
    if (this.cancel !== undefined) return;
    const wait = Math.ceil((1 - this.refill()) * this.intervalMs);
    if (wait <= 0) {
      const immediate = setImmediate(() => this.run()).unref();
      this.cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.run(), wait).unref();
      this.cancel = () => clearTimeout(timer);
    }
  }

  /** Flushes now (and forgets the arranged flush). A flush forced with no token left costs none (it cannot go into debt). */
  run(): void {
    this.stop();
    const tokens = this.refill();
    if (this.flush()) this.tokens = Math.max(0, tokens - 1);
  }

  /** Forgets the arranged flush, if any. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  /** Tokens now (a fraction while one is coming back). */
  private refill(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.countedAt) / this.intervalMs);
    this.countedAt = now;
    return this.tokens;
  }
}
