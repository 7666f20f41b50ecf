import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Never stretch the failure detector's timeouts by more than this. */
export const MAX_STRETCH_MS = 2_000;
const SAMPLE_MS = 250;
/** Samples kept: the worst lag of the last two seconds counts. */
const WINDOW = 8;
/** Lag below this is the timer's own noise, not a sick bootstrap. */
const NOISE_MS = 50;

/**
 * Lifeguard's local health awareness: when the bootstrap's own event loop lags, it reads
 * heartbeats late and its probes' answers late, so it must not blame the nodes for that. The
 * failure detector stretches its timeouts by twice the worst lag of the last two seconds (capped).
 * Stalls longer than the sweep gap are already discounted by the registry's watched clock.
 */
export class LocalHealth {
  private histogram: IntervalHistogram | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly lags: number[] = [];

  start(): void {
    this.histogram = monitorEventLoopDelay({ resolution: 10 });
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram?.disable();
  }

  /** How much longer than usual the detector should wait now, in ms. */
  stretchMs(): number {
    const worst = Math.max(0, ...this.lags);
    return worst < NOISE_MS ? 0 : Math.min(MAX_STRETCH_MS, Math.round(2 * worst));
  }

  private sample(): void {
    if (!this.histogram) return;
    this.lags.push(this.histogram.max / 1e6);
    if (this.lags.length > WINDOW) this.lags.shift();
    this.histogram.reset();
  }
}
