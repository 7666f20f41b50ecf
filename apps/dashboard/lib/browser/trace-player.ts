import type { Delta, TraceLine } from '@peerscope/protocol';
import { NetworkView } from '@peerscope/network-view';
import { SEEK_LOOKBACK, seekStart } from '@peerscope/trace';
import type { NetworkClient } from './network-client';
import type { StartMark, TraceRange, TraceSource } from './trace-source';

export interface PlayerState {
  range: TraceRange | undefined;
  /** Share of the file scanned for its index (1 when done). */
  indexed: number;
  /** The seq the picture shows. */
  position: number;
  /** The trace time (epoch ms) of that position, as far as known. */
  positionAt: number | undefined;
  playing: boolean;
  speed: number;
  busy: boolean;
  error: string | undefined;
}

/** Deltas handed to the page at once while playing: one frame's worth, however fast the trace. */
const MAX_BATCH = 2_000;
/** Playing, a quiet spell in the trace longer than this (real time) is skipped. */
const MAX_IDLE_MS = 1_500;
const TICK_MS = 50;

/**
 * Plays a trace into the page's client (client.show): a snapshot, then deltas, exactly as the hub
 * sends them, so every panel draws what it drew live. Seeking shows the picture a little before the
 * target (2,000 events or 30 s, whichever is nearer: built from the nearest stored snapshot by the
 * same NetworkView), then the deltas up to it, so panels with recent history fill in.
 */
export class TracePlayer {
  state: PlayerState = { range: undefined, indexed: 0, position: 0, positionAt: undefined, playing: false, speed: 1, busy: false, error: undefined };
  private readonly listeners = new Set<() => void>();
  /** Bumped by every seek and pause: a reading of an older generation stops. */
  private generation = 0;
  private lines: AsyncGenerator<TraceLine> | undefined;
  private next: TraceLine | undefined;

  constructor(
    private readonly client: NetworkClient,
    private readonly source: TraceSource,
  ) {}

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows the first picture at once, then indexes the whole trace for the slider. */
  async open(options: { at?: 'start' | 'end' } = {}): Promise<void> {
    await this.guard(async () => {
      const begun = await this.source.begin();
      this.set({ range: begun });
      if (options.at !== 'end') await this.seek(begun.firstSeq);
      const range = await this.source.index((indexed) => this.set({ indexed }));
      this.set({ range, indexed: 1 });
      if (options.at === 'end') await this.seek(range.lastSeq);
    });
  }

  /** Re-reads the index (the live trace grows). */
  async refresh(): Promise<TraceRange | undefined> {
    await this.guard(async () => this.set({ range: await this.source.index() }));
    return this.state.range;
  }

  async seek(target: number): Promise<void> {
    const generation = this.stop();
    const range = this.state.range;
    if (!range) return;
    // The stored snapshot at or before the start of the history window; the events from there to
    // the window are applied here, by the same NetworkView, into the snapshot the page is shown.
    const mark = seekStart(range.snapshots, target, { ms: 0, events: SEEK_LOOKBACK.events }) ?? range.snapshots[0];
    if (!mark) return;
    this.set({ busy: true });
    await this.guard(async () => {
      let view: NetworkView | undefined;
      let epoch = '';
      let applied = mark.seq;
      const history: Array<{ delta: Delta; at: number }> = [];
      for await (const line of this.source.read(mark, target)) {
        if (generation !== this.generation) return;
        if (line.type === 'snapshot' && !view) {
          view = NetworkView.fromSnapshot(line.snapshot);
          epoch = line.snapshot.epoch;
          applied = line.seq;
        } else if (line.type === 'event' && view && line.seq > applied) {
          history.push({ delta: { seq: line.seq, event: line.event }, at: line.at });
          if (history.length > SEEK_LOOKBACK.events) {
            const { delta } = history.shift()!;
            view.apply(delta.event);
            applied = delta.seq;
          }
        }
      }
      if (!view || generation !== this.generation) return;
      // The window is at most 30 s of trace time too: older events go into the snapshot.
      const targetAt = history.at(-1)?.at ?? mark.at;
      while (history.length > 0 && history[0]!.at < targetAt - SEEK_LOOKBACK.ms) {
        const { delta } = history.shift()!;
        view.apply(delta.event);
        applied = delta.seq;
      }
      this.client.show({ kind: 'snapshot', snapshot: view.snapshot(epoch, applied) });
      if (history.length > 0) this.client.show({ kind: 'deltas', deltas: history.map((h) => h.delta) });
      this.set({ position: this.client.lastSeq, positionAt: targetAt });
    });
    if (generation === this.generation) this.set({ busy: false });
  }

  /** Plays from the position at `speed` times the trace's pace, until the end or pause(). */
  async play(): Promise<void> {
    const range = this.state.range;
    if (!range || this.state.playing) return;
    if (this.state.position >= range.lastSeq && range.lastSeq > range.firstSeq) await this.seek(range.firstSeq);
    const generation = this.stop();
    this.set({ playing: true });
    await this.guard(async () => {
      const from = this.state.position;
      const mark: StartMark | undefined = [...range.snapshots].reverse().find((s) => s.seq <= from) ?? range.snapshots[0];
      if (!mark) return;
      this.lines = this.source.read(mark, Number.POSITIVE_INFINITY);
      this.next = undefined;
      let clock: number | undefined;
      let last = performance.now();
      while (generation === this.generation) {
        const batch: Delta[] = [];
        let end = false;
        for (;;) {
          const line = await this.peek();
          if (!line) {
            end = true;
            break;
          }
          if (line.type !== 'event' || line.seq <= from || line.seq <= this.client.lastSeq) {
            this.next = undefined;
            continue;
          }
          clock ??= line.at;
          if (line.at > clock || batch.length >= MAX_BATCH) break;
          batch.push({ seq: line.seq, event: line.event });
          this.next = undefined;
          this.state.positionAt = line.at;
        }
        if (generation !== this.generation) return;
        if (batch.length > 0) {
          this.client.show({ kind: 'deltas', deltas: batch });
          this.set({ position: batch.at(-1)!.seq });
        }
        if (end) break;
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
        const now = performance.now();
        clock = (clock ?? 0) + (now - last) * this.state.speed;
        last = now;
        const upcoming = this.upcomingAt();
        if (upcoming !== undefined && upcoming - clock > MAX_IDLE_MS * this.state.speed) clock = upcoming;
      }
    });
    if (generation === this.generation) this.set({ playing: false });
  }

  pause(): void {
    this.stop();
    this.set({ playing: false, busy: false });
  }

  setSpeed(speed: number): void {
    this.set({ speed });
  }

  /** Ends any reading; returns the new generation. */
  private stop(): number {
    this.generation += 1;
    void this.lines?.return(undefined);
    this.lines = undefined;
    return this.generation;
  }

  /** The trace time of the event read ahead, if any. */
  private upcomingAt(): number | undefined {
    return this.next?.type === 'event' ? this.next.at : undefined;
  }

  private async peek(): Promise<TraceLine | undefined> {
    if (this.next) return this.next;
    const step = await this.lines?.next();
    this.next = step && !step.done ? step.value : undefined;
    return this.next;
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.stop();
      this.set({ error: (err as Error).message, playing: false, busy: false });
    }
  }

  private set(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
