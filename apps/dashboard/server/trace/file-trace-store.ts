import { createReadStream, statSync } from 'node:fs';
import { readTrace, TraceError, type TraceHeader } from '@peerscope/protocol';
import { TraceScanner } from '@peerscope/trace';
import type { TraceSegment, TraceStore } from '../../lib/server/trace-store.js';

/**
 * One trace file served as it is (replay mode): its header validated, its snapshots indexed by a
 * byte scan (TraceScanner), its lines validated by whoever reads them.
 */
export async function openTraceFile(path: string): Promise<TraceStore> {
  const bytes = statSync(path).size;
  let header: TraceHeader | undefined;
  let headerBytes = 0;
  for await (const { value, offset } of readTrace(createReadStream(path))) {
    if (value.type === 'header') header = value;
    else headerBytes = offset;
    if (headerBytes > 0) break;
  }
  if (!header || headerBytes === 0) throw new TraceError(2, 'the trace holds no header and snapshot');
  const scanner = new TraceScanner();
  for await (const chunk of createReadStream(path)) scanner.feed(chunk as Uint8Array);
  const scanned = scanner.result();
  const first = scanned.snapshots[0];
  const segment: TraceSegment = { path, bytes, headerBytes, snapshots: scanned.snapshots };
  const range = { firstSeq: first?.seq ?? scanned.firstSeq, firstAt: first?.at ?? scanned.firstAt, lastSeq: scanned.lastSeq, lastAt: scanned.lastAt };
  return { header: () => header, segments: () => [segment], range: () => range };
}
