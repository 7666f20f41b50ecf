/**
 * A token bucket: `ratePerS` requests a second on average, up to `burst` at once. Small enough
 * to keep here rather than add a dependency; the clock is injected for tests.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly ratePerS: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token: 0 when it was there, else the seconds until one will be (for `Retry-After`). */
  take(): number {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerS);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.ratePerS));
  }
}

/** The burst a rate allows: two and a half seconds' worth, as 20/s gives 50. */
export const burstOf = (ratePerS: number) => Math.max(1, Math.ceil(ratePerS * 2.5));
