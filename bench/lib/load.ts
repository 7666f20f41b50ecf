// The load client shared by every target: a fixed number of requests in flight for a fixed
// time, over one undici Pool, with or without keep-alive.
import { Pool } from 'undici';

export type Mode = 'keep-alive' | 'close';

export interface LoadOptions {
  origin: string;
  mode: Mode;
  /** Requests in flight at any time (one connection each). */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** A cap per phase, so a run is bounded in count as well as in time. */
  maxRequests: number;
  /** Called between warm-up and measurement, e.g. to start CPU meters. */
  onMeasure?: () => void;
}

export interface LoadResult {
  /** 2xx answers in the measured phase. */
  ok: number;
  errors: number;
  firstError?: string;
  /** TCP connections the client opened in the measured phase. */
  connections: number;
  elapsedMs: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

const BODY = JSON.stringify({ sender: 'bench', msg: 'hello' });
const REQUEST_TIMEOUT_MS = 5_000;

/** Warms the target up (not counted), then measures it; also counts the warm-up's 2xx. */
export async function runLoad(options: LoadOptions): Promise<LoadResult & { warmupOk: number }> {
  const pool = new Pool(options.origin, {
    connections: options.concurrency,
    pipelining: 1,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  let connections = 0;
  pool.on('connect', () => {
    connections += 1;
  });
  try {
    const warmup = await runPhase(pool, options, options.warmupMs);
    connections = 0;
    options.onMeasure?.();
    const measured = await runPhase(pool, options, options.durationMs);
    return { ...measured, connections, warmupOk: warmup.ok };
  } finally {
    await pool.destroy();
  }
}

interface Sample {
  latencies: number[];
  errors: number;
  firstError?: string;
}

async function runPhase(pool: Pool, options: LoadOptions, durationMs: number): Promise<Omit<LoadResult, 'connections'>> {
  const sample: Sample = { latencies: [], errors: 0 };
  const started = performance.now();
  const until = started + durationMs;
  const workers = Array.from({ length: options.concurrency }, () => worker(pool, options, until, sample));
  await Promise.all(workers);
  const elapsedMs = performance.now() - started;
  const sorted = Float64Array.from(sample.latencies).sort();
  return {
    ok: sorted.length,
    errors: sample.errors,
    ...(sample.firstError !== undefined && { firstError: sample.firstError }),
    elapsedMs,
    rps: sorted.length / (elapsedMs / 1_000),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

/** One in-flight slot: sends the next request as soon as the previous one is answered. */
async function worker(pool: Pool, options: LoadOptions, until: number, sample: Sample): Promise<void> {
  while (performance.now() < until && sample.latencies.length + sample.errors < options.maxRequests) {
    const start = performance.now();
    try {
      const { statusCode, body } = await pool.request({
        path: '/message',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
        // `reset` makes undici send `connection: close` and open a new connection next time.
        reset: options.mode === 'close',
      });
      await body.dump(); // the answer is checked once per target beforehand; here only its status counts
      if (statusCode >= 200 && statusCode < 300) sample.latencies.push(performance.now() - start);
      else noteError(sample, `HTTP ${statusCode}`);
    } catch (err) {
      noteError(sample, (err as Error).message);
    }
  }
}

function noteError(sample: Sample, message: string): void {
  sample.errors += 1;
  sample.firstError ??= message;
}

export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile(Float64Array.from(values).sort(), 0.5);
}
