import { readTrace, TraceError, TraceIndexSchema, type TraceHeader, type TraceLine, type TraceSnapshotLine } from '@peerscope/protocol';
import { TraceScanner } from '@peerscope/trace';

/** A snapshot a reader can start from; `offset` where the source reads by bytes. */
export interface StartMark {
  seq: number;
  at: number;
  offset?: number;
}

export interface TraceRange {
  header: TraceHeader;
  firstSeq: number;
  lastSeq: number;
  firstAt: number;
  lastAt: number;
  snapshots: StartMark[];
}

/**
 * Where a trace is read from: a file the person opened, or the live hub's recording. Both give
 * validated lines (packages/protocol's reader) from a snapshot on; neither ever holds the whole trace.
 */
export interface TraceSource {
  /** What the source holds as soon as it is known cheaply: the header and the first snapshot. */
  begin(): Promise<TraceRange>;
  /** The whole range and every snapshot (a file is scanned for them); `progress` gets the share done. */
  index(progress?: (share: number) => void): Promise<TraceRange>;
  /** The lines from snapshot `mark` on (the snapshot line first), until `to` or the end. */
  read(mark: StartMark, to: number): AsyncGenerator<TraceLine>;
}

/** A ReadableStream's chunks, for `for await` (not every browser iterates streams itself). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** Stops a reading once it has passed `to`. */
async function* until(lines: AsyncGenerator<{ value: TraceLine }>, to: number): AsyncGenerator<TraceLine> {
  for await (const { value } of lines) {
    if (value.type !== 'header' && value.seq > to) return;
    yield value;
  }
}

/** A trace file opened in the page: read in slices (File.slice().stream()), indexed by a byte scan. */
export class FileTraceSource implements TraceSource {
  private header: TraceHeader | undefined;
  private headerBytes = 0;
  private scanned: TraceRange | undefined;

  constructor(private readonly file: Blob) {}

  async begin(): Promise<TraceRange> {
    let first: TraceSnapshotLine | undefined;
    for await (const { value, offset } of readTrace(chunksOf(this.file.stream()))) {
      if (value.type === 'header') {
        this.header = value;
        continue;
      }
      if (value.type !== 'snapshot') throw new TraceError(2, 'the second line of a trace must be a snapshot');
      this.headerBytes = offset;
      first = value;
      break;
    }
    if (!this.header) throw new TraceError(1, 'no trace header: the file is empty or not a trace');
    if (!first) throw new TraceError(2, 'a trace header with no snapshot after it');
    const mark = { seq: first.seq, at: first.at, offset: this.headerBytes };
    return { header: this.header, firstSeq: first.seq, lastSeq: first.seq, firstAt: first.at, lastAt: first.at, snapshots: [mark] };
  }

  async index(progress?: (share: number) => void): Promise<TraceRange> {
    if (this.scanned) return this.scanned;
    const begun = this.header ? undefined : await this.begin();
    const scanner = new TraceScanner();
    let done = 0;
    for await (const chunk of chunksOf(this.file.stream())) {
      scanner.feed(chunk);
      done += chunk.length;
      progress?.(done / Math.max(1, this.file.size));
    }
    const result = scanner.result();
    const first = result.snapshots[0] ?? begun?.snapshots[0];
    this.scanned = {
      header: this.header!,
      firstSeq: first?.seq ?? result.firstSeq,
      lastSeq: result.lastSeq,
      firstAt: first?.at ?? result.firstAt,
      lastAt: result.lastAt,
      snapshots: result.snapshots,
    };
    return this.scanned;
  }

  read(mark: StartMark, to: number): AsyncGenerator<TraceLine> {
    const offset = mark.offset ?? this.headerBytes;
    return until(readTrace(chunksOf(this.file.slice(offset).stream()), { fromStart: false }), to);
  }
}

const INDEX_POLL_MS = 500;

/** The live session's recording, through the dashboard's `GET /api/trace` routes. */
export class HubTraceSource implements TraceSource {
  private range: TraceRange | undefined;

  /** The index as the dashboard has it now: a replayed file's may still be partial (its first snapshot on). */
  async begin(): Promise<TraceRange> {
    const index = await this.fetchIndex();
    this.range = index;
    return index;
  }

  /** The whole index: a replayed file's is asked for again until the server has scanned it all. */
  async index(progress?: (share: number) => void): Promise<TraceRange> {
    let index = await this.fetchIndex();
    while (index.indexed !== undefined && index.indexed < 1) {
      progress?.(index.indexed);
      await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
      index = await this.fetchIndex();
    }
    this.range = index;
    return index;
  }

  private async fetchIndex() {
    const answer = await fetch('/api/trace/index', { cache: 'no-store' });
    if (!answer.ok) throw new Error(`the dashboard has no trace to travel in (${answer.status})`);
    return TraceIndexSchema.parse(await answer.json());
  }

  async *read(mark: StartMark, to: number): AsyncGenerator<TraceLine> {
    const query = new URLSearchParams({ from: String(mark.seq) });
    if (Number.isFinite(to)) query.set('to', String(to));
    const answer = await fetch(`/api/trace?${query}`, { cache: 'no-store' });
    if (!answer.ok || !answer.body) throw new Error(`the trace could not be read (${answer.status})`);
    for await (const line of until(readTrace(chunksOf(answer.body)), to)) if (line.type !== 'header') yield line;
  }
}
