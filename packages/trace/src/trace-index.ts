/** Where a snapshot line begins, and what it holds: the picture after event `seq`, taken at `at`. */
export interface SnapshotMark {
  seq: number;
  at: number;
  /** Byte offset of the line in what was scanned. */
  offset: number;
}

export interface ScannedTrace {
  snapshots: SnapshotMark[];
  firstSeq: number;
  lastSeq: number;
  firstAt: number;
  lastAt: number;
  /** Bytes scanned. */
  bytes: number;
}

// Every line a hub writes begins `{"type":"<kind>","seq":<n>,"at":<ms>`: these bytes say which.
const TYPE_AT = 9;
const PREFIX_BYTES = 64;
const DIGIT_0 = 48;

/**
 * Finds the snapshot lines of a trace and its range of sequence numbers from the first bytes of
 * each line, without decoding or parsing the lines: an index for seeking in a 1,000,000-event
 * file. Only an index: a line it misreads is still validated when it is read, and a line that
 * does not begin as the hub writes them is skipped here.
 */
export class TraceScanner {
  private readonly marks: SnapshotMark[] = [];
  private firstSeq = -1;
  private lastSeq = 0;
  private firstAt = 0;
  private lastAt = 0;
  private scanned = 0;
  /** The first bytes of a line that began at the end of the previous chunk. */
  private carry: Uint8Array | undefined;
  private carryOffset = 0;
  private atLineStart = true;

  /** Takes the next chunk of the file, in order. */
  feed(chunk: Uint8Array): void {
    const base = this.scanned;
    this.scanned += chunk.length;
    if (this.carry) {
      const need = PREFIX_BYTES - this.carry.length;
      const joined = new Uint8Array(this.carry.length + Math.min(need, chunk.length));
      joined.set(this.carry);
      joined.set(chunk.subarray(0, Math.min(need, chunk.length)), this.carry.length);
      const newline = joined.indexOf(10);
      if (newline === -1 && joined.length < PREFIX_BYTES && chunk.length < need) {
        this.carry = joined;
        return;
      }
      this.readPrefix(joined.subarray(0, newline === -1 ? joined.length : newline), this.carryOffset);
      this.carry = undefined;
      this.atLineStart = false;
    }
    let start = this.atLineStart ? 0 : -1;
    if (start === -1) {
      const newline = chunk.indexOf(10);
      if (newline === -1) return;
      start = newline + 1;
    }
    for (;;) {
      if (start >= chunk.length) {
        this.atLineStart = true;
        return;
      }
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      if (newline === -1 && end - start < PREFIX_BYTES) {
        this.carry = chunk.slice(start, end);
        this.carryOffset = base + start;
        this.atLineStart = false;
        return;
      }
      this.readPrefix(chunk.subarray(start, Math.min(end, start + PREFIX_BYTES)), base + start);
      if (newline === -1) {
        this.atLineStart = false;
        return;
      }
      start = newline + 1;
    }
  }

  /** What the chunks fed so far hold, the scan going on (a line cut at the end of the last chunk waits for the next). */
  sofar(): ScannedTrace {
    return {
      snapshots: [...this.marks],
      firstSeq: Math.max(0, this.firstSeq),
      lastSeq: this.lastSeq,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      bytes: this.scanned,
    };
  }

  result(): ScannedTrace {
    if (this.carry) {
      this.readPrefix(this.carry, this.carryOffset);
      this.carry = undefined;
    }
    return {
      snapshots: this.marks,
      firstSeq: Math.max(0, this.firstSeq),
      lastSeq: this.lastSeq,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      bytes: this.scanned,
    };
  }

  private readPrefix(bytes: Uint8Array, offset: number): void {
    const kind = bytes[TYPE_AT];
    // `e`vent, `s`napshot; the header (`h`) carries no seq.
    const seqAt = kind === 101 ? 22 : kind === 115 ? 25 : -1;
    if (seqAt === -1) return;
    const seq = readNumber(bytes, seqAt);
    if (!seq) return;
    const at = readNumber(bytes, seq.end + 6);
    if (!at) return;
    if (this.firstSeq === -1) {
      this.firstSeq = seq.value;
      this.firstAt = at.value;
    }
    if (seq.value >= this.lastSeq) {
      this.lastSeq = seq.value;
      this.lastAt = at.value;
    }
    if (kind === 115) this.marks.push({ seq: seq.value, at: at.value, offset });
  }
}

/** Reads the digits at `start` (up to 15 of them); undefined when there are none. */
function readNumber(bytes: Uint8Array, start: number): { value: number; end: number } | undefined {
  let value = 0;
  let end = start;
  while (end < bytes.length && end - start < 16) {
    const digit = bytes[end]! - DIGIT_0;
    if (digit < 0 || digit > 9) break;
    value = value * 10 + digit;
    end += 1;
  }
  if (end === start) return undefined;
  return { value, end };
}

/** How far before a seek's target the picture is rebuilt from, so panels that keep recent history (the log, the diagram) fill in. */
export const SEEK_LOOKBACK = { ms: 30_000, events: 2_000 };

/**
 * Where to start reading to show the picture at `target`: the latest snapshot at or before a
 * point a little earlier than the target (30 s, or 2,000 events, whichever is nearer), so that
 * the deltas from there to the target refill what panels keep of the recent past.
 */
export function seekStart<M extends { seq: number; at: number }>(marks: readonly M[], target: number, lookback = SEEK_LOOKBACK): M | undefined {
  let i = latestAtOrBefore(marks, target);
  if (i === -1) return undefined;
  const targetAt = estimateAt(marks, i, target);
  while (i > 0 && marks[i]!.at > targetAt - lookback.ms && marks[i]!.seq > target - lookback.events) i -= 1;
  return marks[i];
}

function latestAtOrBefore(marks: readonly { seq: number }[], target: number): number {
  let low = 0;
  let high = marks.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (marks[mid]!.seq <= target) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** The time of event `target`, between the snapshots around it (the one after it, if any, bounds it). */
function estimateAt(marks: readonly { seq: number; at: number }[], i: number, target: number): number {
  const before = marks[i]!;
  const after = marks[i + 1];
  if (!after || after.seq === before.seq) return before.at;
  return before.at + ((after.at - before.at) * (target - before.seq)) / (after.seq - before.seq);
}
