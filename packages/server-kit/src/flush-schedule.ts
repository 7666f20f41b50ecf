export interface FlushPace {
  /** On average at most one flush per this many milliseconds, whatever the load. */
  intervalMs: number;
  /** Flushes a quiet sender may make at once (the tokens the bucket holds); 1 is a leading-edge throttle. */
  burst?: number;
  /** How long `hold()` lets a flush wait for the event that closes what it holds (0: no wait). */
  holdMs?: number;
  /** How long `trail()` lets an event nobody waits for wait for the next flush (0: no wait). */
  trailMs?: number;
}

/**
 * When a queue is sent (a node's telemetry reporter, the hub's batches to browsers). A token
 * bucket: a flush costs a token, tokens come back one per `intervalMs`, at most `burst` are kept.
 * Under steady load the bucket stays empty and flushes are `intervalMs` apart, as with a plain
 * timer; after a quiet spell up to `burst` flushes go at once.
 *
 * Two kinds of request. `request()`: as soon as a token allows (an event someone is waiting for:
 * a message's outcome, which the page animates, or anything that is not part of a message).
 * `hold()`: an event that opens an exchange (a message's `sent`) whose closing event will follow
 * within milliseconds: it waits up to `holdMs` for it, so the exchange goes as one flush and one
 * token, and the outcome does not wait for the window its opening spent. `trail()`: an event that
 * closes nothing anyone waits for (a receipt that reached the hub after its message's outcome): it
 * goes with the next flush, or after `trailMs`; on its own flush it took the token the next
 * message's outcome then waited for.
 *
 * A flush due now runs at the end of this turn of the event loop rather than on a timer: a 1 ms
 * timer woke the process a second time for every lone message.
 */
export class FlushSchedule {
  private cancel: (() => void) | undefined;
  /** When the arranged flush runs (Date.now() terms). */
  private dueAt = Infinity;
  private tokens: number;
  private countedAt = 0;
  private readonly intervalMs: number;
  private readonly burst: number;
  private readonly holdMs: number;
  private readonly trailMs: number;

  /** `flush` says whether it sent anything: a flush that found nothing to send costs no token. */
  constructor(
    private readonly flush: () => boolean,
    pace: FlushPace,
  ) {
    this.intervalMs = pace.intervalMs;
    this.burst = pace.burst ?? 1;
    this.holdMs = pace.holdMs ?? 0;
    this.trailMs = pace.trailMs ?? 0;
    if (!(this.burst >= 1)) throw new RangeError(`burst must be at least 1 (got ${this.burst})`);
    this.tokens = this.burst;
  }

  /** Arranges a flush as soon as a token allows: now if one is left, else when the next one comes. */
  request(): void {
    this.arrange(this.tokenAt());
  }

  /** Arranges a flush `holdMs` from now, or later if no token is left by then; an earlier arranged flush stands. */
  hold(): void {
    this.arrange(Math.max(Date.now() + this.holdMs, this.tokenAt()));
  }

  /** Arranges a flush `trailMs` from now, or later if no token is left by then; an earlier arranged flush stands. */
  trail(): void {
    this.arrange(Math.max(Date.now() + this.trailMs, this.tokenAt()));
  }

  /** Flushes now (and forgets the arranged flush). A flush forced with no token left costs none (see `spend`). */
  run(): void {
    this.stop();
    const tokens = this.refill();
    if (this.flush()) this.tokens = spend(tokens);
  }

  /** Forgets the arranged flush, if any. */
  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
    this.dueAt = Infinity;
  }

  /** Arranges the flush for `at` unless one is arranged for then or sooner. */
  private arrange(at: number): void {
    if (this.dueAt <= at) return;
    this.stop();
    this.dueAt = at;
    const wait = at - Date.now();
    if (wait <= 0) {
      const immediate = setImmediate(() => this.run()).unref();
      this.cancel = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.due(), wait).unref();
      this.cancel = () => clearTimeout(timer);
    }
  }

  /**
   * An arranged flush's timer fired. A timer counts from the event loop's cached clock, so it may
   * fire a few milliseconds early by Date.now(): short of a token, it waits for the rest, or the
   * pace would drift faster than one per interval under load.
   */
  private due(): void {
    this.cancel = undefined;
    this.dueAt = Infinity;
    if (this.refill() < 1) this.request();
    else this.run();
  }

  /** When the next whole token is there (now, if one is). */
  private tokenAt(): number {
    const tokens = this.refill();
    return this.countedAt + (tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.intervalMs));
  }

  /** Tokens now (a fraction while one is coming back). */
  private refill(): number {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.countedAt) / this.intervalMs);
    this.countedAt = now;
    return this.tokens;
  }
}

/**
 * Tokens left after a flush. Less than a whole one left is none: under load flushes stay a full
 * interval apart, as a plain timer keeps them (a timer that fired late does not make the next
 * flush early, which would lift the rate to exactly one per interval and, with the burst, above
 * it). A flush forced with no token left costs none: it cannot go into debt.
 */
function spend(tokens: number): number {
  const left = tokens - 1;
  return left >= 1 ? left : 0;
}
