/** How the hub records its trace: resolved from PEERSCOPE_TRACE* (see config.ts and the README). */
export interface TraceSettings {
  /** The folder of trace segments (default `<dataDir>/traces`). */
  dir: string;
  /** False: message texts are written empty (PEERSCOPE_TRACE_TEXTS=off). */
  texts: boolean;
  /** A segment is closed and the next begun past this many bytes. */
  segmentBytes: number;
  /** Segments kept, all sessions together; older ones are deleted. */
  keepSegments: number;
  /** A snapshot line after this many events, or this long, whichever comes first (only after some event). */
  snapshotEvents: number;
  snapshotMs: number;
  /** Lines waiting for the disk past this many bytes are dropped (a disk far slower than the hub), and said so. */
  maxPendingBytes: number;
}

export const TRACE_DEFAULTS = {
  segmentBytes: 64 * 1024 * 1024,
  keepSegments: 4,
  snapshotEvents: 25_000,
  snapshotMs: 30_000,
  maxPendingBytes: 64 * 1024 * 1024,
} as const;
