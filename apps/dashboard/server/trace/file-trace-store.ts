import { createReadStream, statSync } from 'node:fs';
import { readTrace, TraceError, type TraceHeader, type TraceSnapshotLine } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import { TraceScanner } from '@peerscope/trace';
import type { TraceSegment, TraceStore } from '../../lib/server/trace-store.js';

/** A trace file served as it is (replay mode), indexed after it is opened. */
export interface TraceFileStore extends TraceStore {
  indexed(): number;
  /** Scans the whole file for its snapshots and range (TraceScanner), updating the index as it goes. */
  scan(logger: Logger): Promise<void>;
}

/**
 * One trace file served as it is (replay mode): opened from its header and first snapshot alone,
 * so the first picture needs nothing more; its other snapshots and its end are found by `scan`,
 * in the background. Until then the index holds what is scanned so far and says how much
 * (`indexed`); a read from a snapshot reads on to any seq whatever the index holds, since the file
 * is whole. Lines are validated by whoever reads them.
 */
export async function openTraceFile(path: string): Promise<TraceFileStore> {
  const bytes = statSync(path).size;
  const { header, headerBytes, first } = await beginning(path);
  const segment: TraceSegment = { path, bytes, headerBytes, snapshots: [{ seq: first.seq, at: first.at, offset: headerBytes }] };
  let range = { firstSeq: first.seq, firstAt: first.at, lastSeq: first.seq, lastAt: first.at };
  let scanned = 0;
  return {
    header: () => header,
    segments: () => [segment],
    range: () => range,
    indexed: () => (bytes === 0 ? 1 : scanned / bytes),
    async scan(logger: Logger): Promise<void> {
      const scanner = new TraceScanner();
      const adopt = (found: ReturnType<TraceScanner['sofar']>) => {
        if (found.snapshots.length > 0) segment.snapshots = found.snapshots;
        range = { ...range, lastSeq: Math.max(range.lastSeq, found.lastSeq), lastAt: Math.max(range.lastAt, found.lastAt) };
      };
      try {
        for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
          scanner.feed(chunk as Uint8Array);
          adopt(scanner.sofar());
          scanned = Math.min(bytes - 1, scanned + (chunk as Uint8Array).length);
        }
        adopt(scanner.result());
      } catch (err) {
        logger.error({ err: (err as Error).message, path }, 'could not index the whole trace: seeking goes as far as it was read');
      }
      scanned = bytes;
    },
  };
}

/** The header and the first snapshot, which every trace file begins with. */
async function beginning(path: string): Promise<{ header: TraceHeader; headerBytes: number; first: TraceSnapshotLine }> {
  let header: TraceHeader | undefined;
  for await (const { value, offset } of readTrace(createReadStream(path))) {
    if (value.type === 'header') {
      header = value;
      continue;
    }
    if (value.type !== 'snapshot' || !header) break;
    return { header, headerBytes: offset, first: value };
  }
  throw header ? new TraceError(2, 'a trace header with no snapshot after it') : new TraceError(1, 'no trace header: the file is empty or not a trace');
}
