import type { TraceHeader } from '@peerscope/protocol';
import type { SnapshotMark } from '@peerscope/trace';

/** One file of a trace, as far as it is on disk: a reader reads `bytes` of it, no more (the rest is still being written). */
export interface TraceSegment {
  path: string;
  bytes: number;
  /** Its header line's length in bytes, newline included: what an export skips after the first segment. */
  headerBytes: number;
  snapshots: SnapshotMark[];
}

/**
 * The trace `GET /api/trace` serves: the live session's kept segments (the hub's recorder), or in
 * replay mode the one file given. Both register here; the routes run in the same process.
 */
export interface TraceStore {
  header(): TraceHeader;
  /** The kept segments, oldest first. */
  segments(): TraceSegment[];
  range(): { firstSeq: number; lastSeq: number; firstAt: number; lastAt: number };
  /** The share of the trace its index covers so far (a replayed file is indexed after it is opened); absent: all of it. */
  indexed?(): number;
  /** The live recorder only: stops or restarts recording (the test hook's switch). */
  setRecording?(on: boolean): void;
  /** The live recorder only: whether it records now, and the CPU ms recording has taken so far. */
  recording?(): { recording: boolean; cpuMs: number };
}

const KEY = Symbol.for('peerscope.trace-store');
type Holder = { [KEY]?: TraceStore };

/** Makes `store` the one the routes serve (undefined: none, recording is off). */
export function registerTraceStore(store: TraceStore | undefined): void {
  (globalThis as Holder)[KEY] = store;
}

export function currentTraceStore(): TraceStore | undefined {
  return (globalThis as Holder)[KEY];
}
