import type { SendResult, TrafficRequest, TrafficStatus } from '@peerscope/protocol';
import { ApiError, type Logger } from '@peerscope/server-kit';

export interface TrafficDeps {
  /** A random live pair: a peerscope sender and any other live node; undefined when there is none. */
  pickPair: () => { from: string; to: string } | undefined;
  send: (from: string, to: string, text: string) => Promise<SendResult>;
  /** Told when a run starts and stops, and about once a second while it runs. */
  onChange: (status: TrafficStatus) => void;
  logger: Logger;
  /** Saves the bootstrap's state (with `saved()`) and resolves once it is on disk; none: nothing is saved. */
  save?: () => Promise<void>;
}

/**
 * Sends in flight at most, whatever the rate: the network sets the pace, not a queue. Room for
 * 1,000 msgs/s at 1,000 pooled nodes, where a send to a random peer opens a new connection
 * (~30 ms each under that load; 32 in flight held the generator near 850 a second).
 */
const MAX_IN_FLIGHT = 128;
const TICK_MS = 20;
const PROGRESS_MS = 1_000;

/**
 * Random traffic in the background: `count` messages as fast as they go, or `rate` a second for
 * `durationS`. Every message is a real send through a node's control API; the counters here
 * are the answers, and the nodes report each message to the hub as usual.
 */
export class TrafficGenerator {
  private status: TrafficStatus = idle();
  private run = 0;
  private inFlight = 0;
  /**
   * Sends this run may make before the state log must say so (see `reserve`): after a crash, the
   * sends between the last saved count and this bound are the ones whose outcome is unknown.
   */
  private reservedUpTo = 0;
  private reserving: Promise<void> | undefined;

  constructor(private readonly deps: TrafficDeps) {}

  get(): TrafficStatus {
    return { ...this.status };
  }

  /** What the state log keeps: the status and how many sends it may have made. */
  saved(): { status: TrafficStatus; reservedUpTo: number } {
    return { status: this.get(), reservedUpTo: this.reservedUpTo };
  }

  /**
   * Takes back a run an earlier bootstrap saved. Sends it may have made whose answers died with it
   * count as failed and unanswered (their outcome is unknown: a node may have delivered them); a
   * run that was going goes on from its count, its rate kept, for the sends it still owed.
   */
  restore({ status, reservedUpTo }: { status: TrafficStatus; reservedUpTo: number }): void {
    const unknown = Math.max(0, reservedUpTo - status.delivered - status.failed);
    const resumed: TrafficStatus = { ...status, sent: status.delivered + status.failed + unknown, failed: status.failed + unknown };
    resumed.unanswered = (status.unanswered ?? 0) + unknown;
    if (unknown > 0) resumed.failures = { ...status.failures, bootstrap_restarted: (status.failures?.bootstrap_restarted ?? 0) + unknown };
    this.reservedUpTo = resumed.sent;
    if (!status.running || !status.request) {
      this.status = { ...resumed, running: false };
      return;
    }
    this.begin(status.request, resumed);
  }

  /** Starts a run, replacing one in progress. */
  start(request: TrafficRequest): TrafficStatus {
    this.reservedUpTo = 0;
    return this.begin(request, { running: true, request, startedAt: Date.now(), sent: 0, delivered: 0, failed: 0, unanswered: 0 });
  }

  private begin(request: TrafficRequest, status: TrafficStatus): TrafficStatus {
    const run = ++this.run;
    this.status = status;
    this.deps.onChange(this.get());
    const progress = setInterval(() => this.deps.onChange(this.get()), PROGRESS_MS);
    const finished = 'count' in request ? this.runCount(run, request.count) : this.runRate(run, request.rate, request.durationS * 1_000);
    void finished.then(() => {
      clearInterval(progress);
      if (run !== this.run) return;
      this.status.running = false;
      this.deps.onChange(this.get());
    });
    return this.get();
  }

  /** `start` or `stop`, resolved once the state log holds the change: a crash right after the answer must not undo it. */
  async durably<T>(change: () => T): Promise<T> {
    const result = change();
    await this.deps.save?.();
    return result;
  }

  stop(): TrafficStatus {
    if (this.status.running) {
      this.run += 1;
      this.status.running = false;
      this.deps.onChange(this.get());
    }
    return this.get();
  }

  /**
   * Stops sending but leaves the run as it is saved (running, with its count), for a bootstrap that
   * stops to be started again: the next one goes on with the run, as after a crash.
   */
  halt(): void {
    this.run += 1;
  }

  private async runCount(run: number, count: number): Promise<void> {
    const status = this.status;
    const worker = async () => {
      while (run === this.run && status.sent < count) await this.sendOne(status);
    };
    await Promise.all(Array.from({ length: Math.min(MAX_IN_FLIGHT, count) }, worker));
  }

  private async runRate(run: number, rate: number, durationMs: number): Promise<void> {
    const status = this.status;
    // A resumed run starts where its count was: the time the bootstrap was down is not caught up in a burst.
    const started = performance.now() - (status.sent / rate) * 1_000;
    const pending = new Set<Promise<void>>();
    while (run === this.run) {
      const elapsed = performance.now() - started;
      if (elapsed >= durationMs) break;
      const due = Math.floor((elapsed / 1_000) * rate) + 1;
      while (status.sent < due && this.inFlight < MAX_IN_FLIGHT) {
        const sending = this.sendOne(status);
        pending.add(sending);
        void sending.then(() => pending.delete(sending));
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    await Promise.all(pending);
  }

  /**
   * Before a send passes the saved bound, a new bound (a quarter second's worth of sends, at least
   * 16) is saved: a crash then loses the outcome of at most that many and those in flight, and says how many.
   */
  private async reserve(status: TrafficStatus): Promise<void> {
    this.reserving ??= (async () => {
      this.reservedUpTo = status.sent + Math.max(16, Math.ceil(sendsPerSecond(status) / 4));
      await this.deps.save!();
    })().finally(() => (this.reserving = undefined));
    await this.reserving;
  }

  /** One send, counted in its own run's status (a newer run has a status of its own). */
  private async sendOne(status: TrafficStatus): Promise<void> {
    const pair = this.deps.pickPair();
    status.sent += 1;
    if (!pair) {
      countFailure(status, 'no_pair');
      return;
    }
    this.inFlight += 1;
    try {
      while (this.deps.save && status.sent > this.reservedUpTo) await this.reserve(status);
      const result = await this.deps.send(pair.from, pair.to, `traffic ${status.sent}`);
      if (result.status === 'delivered') status.delivered += 1;
      else countFailure(status, result.error?.code ?? 'failed');
    } catch (err) {
      countFailure(status, err instanceof ApiError ? err.code : 'send_refused');
      if (err instanceof ApiError && err.code === 'node_unanswered') status.unanswered = (status.unanswered ?? 0) + 1;
      this.deps.logger.debug({ err: (err as Error).message }, 'a traffic send was refused');
    } finally {
      this.inFlight -= 1;
      // Each outcome asks for a checkpoint (grouped, ~10 a second): a crash forgets as few as it can.
      void this.deps.save?.();
    }
  }
}

/**
 * A count run's pace, once it has run long enough to have one: one send in its first millisecond
 * read as 1,000 a second, and reserved 250 sends where the least (16) was meant.
 */
const PACE_KNOWN_AFTER_S = 0.25;

/**
 * A run's pace: the rate asked, or for a `count` run the pace it has kept so far, so that a fast
 * network is not held to 16 sends per checkpoint (the bound grows with the pace it reaches).
 */
function sendsPerSecond(status: TrafficStatus): number {
  if (status.request && 'rate' in status.request) return status.request.rate;
  const elapsedS = (Date.now() - (status.startedAt ?? Date.now())) / 1_000;
  return elapsedS >= PACE_KNOWN_AFTER_S ? status.sent / elapsedS : 0;
}

function idle(): TrafficStatus {
  return { running: false, request: null, startedAt: null, sent: 0, delivered: 0, failed: 0, unanswered: 0 };
}

/** Counts a failed send under its reason. */
function countFailure(status: TrafficStatus, code: string): void {
  status.failed += 1;
  status.failures = { ...status.failures, [code]: (status.failures?.[code] ?? 0) + 1 };
}
