// Counts what a `/ui` subscriber receives: snapshot, batches, deltas, and whether every delta
// arrived exactly once and in sequence order.
import { UI_NAMESPACE, type Ack, type Delta, type NetworkSnapshot, type SubscribeAnswer } from '@peerscope/protocol';
import { io, type Socket } from 'socket.io-client';

export interface Batch {
  /** Date.now() when it arrived. */
  at: number;
  deltas: number;
  first: number;
  last: number;
}

export class Tally {
  snapshotSeq: number | undefined;
  snapshots = 0;
  lastSeq = 0;
  deltas = 0;
  /** Deltas at or below the last sequence number seen (shown twice if applied blindly). */
  duplicates = 0;
  /** Sequence numbers skipped (lost, unless a later snapshot covered them). */
  missing = 0;
  batches: Batch[] = [];

  private epoch: string | undefined;

  /** A snapshot at `seq`; one of a new epoch (a restarted hub) starts the numbers over. */
  snapshot(seq: number, epoch?: string): void {
    this.snapshots += 1;
    if (this.snapshotSeq === undefined) this.snapshotSeq = seq;
    if (epoch !== undefined && this.epoch !== undefined && epoch !== this.epoch) this.lastSeq = seq;
    if (epoch !== undefined) this.epoch = epoch;
    if (seq > this.lastSeq) this.lastSeq = seq;
  }

  batch(deltas: ReadonlyArray<{ seq: number }>, at = Date.now()): void {
    if (deltas.length === 0) return;
    this.batches.push({ at, deltas: deltas.length, first: deltas[0]!.seq, last: deltas.at(-1)!.seq });
    for (const { seq } of deltas) {
      if (seq <= this.lastSeq) {
        this.duplicates += 1;
        continue;
      }
      if (this.lastSeq > 0 && seq !== this.lastSeq + 1) this.missing += seq - this.lastSeq - 1;
      this.lastSeq = seq;
      this.deltas += 1;
    }
  }

  /** Batches and deltas that arrived within [from, to] (Date.now() values). */
  within(from: number, to: number): { batches: number; deltas: number } {
    let batches = 0;
    let deltas = 0;
    for (const b of this.batches) {
      if (b.at < from || b.at > to) continue;
      batches += 1;
      deltas += b.deltas;
    }
    return { batches, deltas };
  }

  /** Gaps between consecutive batches that arrived within [from, to], in ms. */
  gaps(from: number, to: number): number[] {
    const times = this.batches.filter((b) => b.at >= from && b.at <= to).map((b) => b.at);
    return times.slice(1).map((t, i) => t - times[i]!);
  }

  /**
   * The largest number of batches that arrived in any 1-second window. Arrival times are taken
   * where the count is made, so a busy observer that reads two batches late and back to back
   * makes this overshoot what the hub sent; `gaps` shows when that happened.
   */
  maxBatchesPerSecond(from: number, to: number): number {
    const times = this.batches.filter((b) => b.at >= from && b.at <= to).map((b) => b.at);
    let best = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1_000) j += 1;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }
}

/**
 * A socket.io-client subscriber on `/ui`, as the browser's NetworkClient is: subscribe with an
 * ack, get a snapshot, then batches of deltas. It applies nothing; it counts.
 */
export class CountingSubscriber {
  readonly tally = new Tally();
  private readonly socket: Socket;
  /** Called with every snapshot, before the deltas that follow it. */
  onSnapshot: ((snapshot: NetworkSnapshot) => void) | undefined;
  /** Called for every delta, with the batch's arrival time. */
  onDelta: ((delta: Delta, at: number) => void) | undefined;

  /** `resubscribe`: reconnect when the hub goes away (a restarted dashboard) and subscribe afresh, as a page does. */
  constructor(dashboardUrl: string, options: { resubscribe?: boolean } = {}) {
    this.socket = io(new URL(UI_NAMESPACE, dashboardUrl).href, {
      transports: ['websocket'],
      reconnection: options.resubscribe === true,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1_000,
    });
    if (options.resubscribe) {
      // The first subscribe is start()'s; each reconnection asks for a fresh snapshot.
      let connections = 0;
      this.socket.on('connect', () => {
        if (++connections > 1) this.socket.emit('network:subscribe', {}, () => {});
      });
    }
    this.socket.on('network:snapshot', (snapshot: NetworkSnapshot) => {
      this.tally.snapshot(snapshot.seq, snapshot.epoch);
      this.onSnapshot?.(snapshot);
    });
    this.socket.on('network:deltas', (deltas: Delta[]) => {
      const at = Date.now();
      this.tally.batch(deltas, at);
      if (this.onDelta) for (const delta of deltas) this.onDelta(delta, at);
    });
  }

  /** Connects and subscribes; resolves once the snapshot is in. */
  async start(timeoutMs = 15_000): Promise<void> {
    const answer = await new Promise<Ack<SubscribeAnswer>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to network:subscribe')), timeoutMs);
      const subscribe = () =>
        this.socket.emit('network:subscribe', {}, (a: Ack<SubscribeAnswer>) => {
          clearTimeout(timer);
          resolve(a);
        });
      if (this.socket.connected) subscribe();
      else this.socket.once('connect', subscribe);
      this.socket.once('connect_error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    if (!answer.ok) throw new Error(`network:subscribe refused: ${answer.error.message}`);
    const deadline = Date.now() + timeoutMs;
    while (this.tally.snapshotSeq === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  close(): void {
    this.socket.close();
  }
}

/**
 * The same count for a real page, read from the WebSocket frames Chromium received (Playwright's
 * `framereceived`): Socket.IO packets `42/ui,["network:deltas",[...]]` and `…"network:snapshot"…`.
 */
export function tallyFrame(tally: Tally, payload: string | Buffer, at = Date.now()): void {
  if (typeof payload !== 'string' || !payload.startsWith('42/ui,')) return;
  const start = payload.indexOf('[');
  if (payload.startsWith('["network:deltas"', start)) {
    const [, deltas] = JSON.parse(payload.slice(start)) as [string, Array<{ seq: number }>];
    tally.batch(deltas, at);
  } else if (payload.startsWith('["network:snapshot"', start)) {
    const [, snapshot] = JSON.parse(payload.slice(start)) as [string, { seq: number }];
    tally.snapshot(snapshot.seq);
  }
}

export function percentiles(values: number[]): { n: number; p50: number; p90: number; p99: number; max: number; mean: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}
