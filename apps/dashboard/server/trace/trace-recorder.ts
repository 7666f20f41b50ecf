import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PROTOCOL_VERSION, TRACE_FORMAT, type Delta, type NetworkSnapshot, type TraceHeader } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import type { TraceSegment, TraceStore } from '../../lib/server/trace-store.js';
import { batchEventLines, batchJsonPieces } from './batch-lines.js';
import { encodedBatchJson } from './encoded-batches.js';
import { TraceChunks } from './trace-chunks.js';
import { eventLine, headerLine, snapshotLine, withoutText } from './trace-lines.js';
import type { TraceSettings } from './trace-settings.js';

/** What the hub calls: once per batch of stamped events, and once when it stops. */
export interface TraceSink {
  append(deltas: readonly Delta[]): void;
  close(): Promise<void>;
}

const SEGMENT_FILE = /^trace-.*\.ndjson$/;

/**
 * Writes the hub's trace: per batch, the batch's lines are made at once from the batch's JSON (the
 * one Socket.IO already made for the browsers, when there is one) into large chunks, and handed to
 * the disk in one write while the hub goes on (never a write per event, never a wait). Segments of about
 * `segmentBytes`, each beginning with the header and a snapshot so it reads alone; the last
 * `keepSegments` of all sessions are kept.
 */
export class TraceRecorder implements TraceSink, TraceStore {
  private readonly kept: TraceSegment[] = [];
  private current!: TraceSegment & { number: number; size: number };
  private readonly startedAt = Date.now();
  private readonly chunks = new TraceChunks();
  private pending: Array<{ segment: TraceSegment; bytes: Buffer }> = [];
  private pendingBytes = 0;
  private writing: Promise<void> | undefined;
  private handle: { path: string; file: FileHandle } | undefined;
  private sinceSnapshot = { events: 0, at: Date.now() };
  private first = { seq: 0, at: this.startedAt };
  private last = { seq: 0, at: this.startedAt };
  private dropped = 0;
  private paused = false;
  /**
   * CPU time spent in `append` (making and queueing lines, snapshots), in µs: what recording costs
   * the hub. Process CPU (getrusage), not wall time, which on a loaded machine counts the time the
   * process waited for a core; another thread's work during an append (GC) counts too.
   */
  private cpuUs = 0;

  constructor(
    private readonly session: string,
    private readonly picture: () => NetworkSnapshot,
    private readonly settings: TraceSettings,
    private readonly logger: Logger,
  ) {
    mkdirSync(settings.dir, { recursive: true });
    this.begin(1);
  }

  append(deltas: readonly Delta[]): void {
    if (deltas.length === 0 || this.paused) return;
    const started = process.cpuUsage();
    const at = Date.now();
    this.write(this.eventLines(deltas, at));
    this.last = { seq: deltas.at(-1)!.seq, at };
    this.sinceSnapshot.events += deltas.length;
    if (this.current.size >= this.settings.segmentBytes) this.begin(this.current.number + 1);
    else if (this.sinceSnapshot.events >= this.settings.snapshotEvents || at - this.sinceSnapshot.at >= this.settings.snapshotMs) this.snapshot();
    const used = process.cpuUsage(started);
    this.cpuUs += used.user + used.system;
  }

  /**
   * Stops or restarts recording in the same session (the test hook's switch: bench:hub measures
   * the hub with and without it in one process). Events meanwhile are not written; a restart
   * begins with a snapshot, so a reader seeking past the gap starts from the picture there.
   */
  setRecording(on: boolean): void {
    if (on !== this.paused) return;
    this.paused = !on;
    if (on) this.snapshot();
  }

  /** Whether it records now, and the CPU ms `append` has taken so far (the file writes themselves run off the main thread). */
  recording(): { recording: boolean; cpuMs: number } {
    return { recording: !this.paused, cpuMs: this.cpuUs / 1000 };
  }

  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.handle?.file.close();
    this.handle = undefined;
  }

  header(): TraceHeader {
    const oldest = this.kept[0];
    return { type: 'header', format: TRACE_FORMAT, protocol: PROTOCOL_VERSION, ...this.headerFields(oldest ? this.numberOf(oldest) : 1) };
  }

  segments(): TraceSegment[] {
    return this.kept.map((segment) => ({ ...segment, snapshots: segment.snapshots.filter((s) => s.offset < segment.bytes) }));
  }

  range() {
    const oldest = this.kept[0]?.snapshots[0];
    return { firstSeq: oldest?.seq ?? this.first.seq, firstAt: oldest?.at ?? this.first.at, lastSeq: this.last.seq, lastAt: this.last.at };
  }

  /** The batch's lines, from its JSON; one by one only if that JSON is not as expected. */
  private eventLines(deltas: readonly Delta[], at: number): Buffer | Buffer[] {
    const texts = this.settings.texts;
    const pieces = texts
      ? (encodedBatchJson(deltas) ?? batchJsonPieces(deltas))
      : batchJsonPieces(deltas.map((d) => ({ seq: d.seq, event: withoutText(d.event) })));
    return batchEventLines(pieces, deltas, at, this.chunks) ?? this.chunks.text(deltas.map((delta) => eventLine(delta, at, texts)).join(''));
  }

  /** Starts segment `number` with its header and a snapshot (once it is open, older segments beyond what is kept go). */
  private begin(number: number): void {
    const stamp = new Date(this.startedAt).toISOString().replace(/[:.]/g, '-');
    const path = join(this.settings.dir, `trace-${stamp}-${this.session}-${String(number).padStart(4, '0')}.ndjson`);
    const header = headerLine(this.headerFields(number));
    this.current = { path, bytes: 0, headerBytes: Buffer.byteLength(header), snapshots: [], number, size: 0 };
    this.kept.push(this.current);
    this.write(header);
    this.snapshot();
  }

  private headerFields(segment: number) {
    return { session: this.session, startedAt: this.startedAt, runtime: this.picture().runtime, texts: this.settings.texts, segment };
  }

  private numberOf(segment: TraceSegment): number {
    return Number(/-(\d{4})\.ndjson$/.exec(segment.path)?.[1] ?? 1);
  }

  private snapshot(): void {
    const at = Date.now();
    const picture = this.picture();
    this.current.snapshots.push({ seq: picture.seq, at, offset: this.current.size });
    this.write(snapshotLine(picture, at, this.settings.texts));
    this.sinceSnapshot = { events: 0, at };
  }

  /** Queues lines for the current segment; the disk takes them in the background. */
  private write(lines: string | Buffer | Buffer[]): void {
    if (this.pendingBytes > this.settings.maxPendingBytes) {
      if (this.dropped++ === 0) this.logger.warn({ dir: this.settings.dir }, 'the disk is not keeping up with the trace: lines are being left out');
      return;
    }
    for (const bytes of typeof lines === 'string' ? [this.chunks.text(lines)] : Array.isArray(lines) ? lines : [lines]) {
      this.current.size += bytes.length;
      this.pending.push({ segment: this.current, bytes });
      this.pendingBytes += bytes.length;
    }
    this.writing ??= this.drain().finally(() => (this.writing = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const segment = this.pending[0]!.segment;
      const buffers: Buffer[] = [];
      while (this.pending[0]?.segment === segment) buffers.push(this.pending.shift()!.bytes);
      const length = buffers.reduce((sum, b) => sum + b.length, 0);
      this.pendingBytes -= length;
      try {
        const file = await this.fileFor(segment.path);
        await file.writev(buffers);
        segment.bytes += length;
      } catch (err) {
        this.logger.error({ err: (err as Error).message, path: segment.path }, 'could not write the trace');
      }
    }
    this.chunks.recycle();
  }

  private async fileFor(path: string): Promise<FileHandle> {
    if (this.handle?.path === path) return this.handle.file;
    await this.handle?.file.close();
    this.handle = { path, file: await open(path, 'a') };
    this.prune();
    return this.handle.file;
  }

  /** Keeps the newest `keepSegments` files of the folder (older sessions' included); names sort by time. */
  private prune(): void {
    const files = readdirSync(this.settings.dir)
      .filter((name) => SEGMENT_FILE.test(name))
      .sort();
    for (const name of files.slice(0, Math.max(0, files.length - this.settings.keepSegments))) {
      const path = join(this.settings.dir, name);
      if (path === this.handle?.path) continue;
      rmSync(path, { force: true });
      const index = this.kept.findIndex((s) => s.path === path);
      if (index !== -1) this.kept.splice(index, 1);
    }
  }
}
