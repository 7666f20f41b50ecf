import { createReadStream } from 'node:fs';
import { MAX_SHIVIZ_NODES, parseTraceLine, splitTraceLines, type TraceIndex } from '@peerscope/protocol';
import { lifelineOf, shivizEntry, shivizPreamble, VectorClockDeriver, type SnapshotMark } from '@peerscope/trace';
import { errorAnswer, type AdminAnswer } from './bootstrap-admin';
import type { TraceSegment, TraceStore } from './trace-store';

const LINE_START = /^\{"type":"(?:event|snapshot)","seq":(\d+)/;

/** The bytes of a segment from `start` to what is on disk. */
async function* segmentBytes(segment: TraceSegment, start: number): AsyncGenerator<Uint8Array> {
  if (start >= segment.bytes) return;
  for await (const chunk of createReadStream(segment.path, { start, end: segment.bytes - 1 })) yield chunk as Uint8Array;
}

/**
 * The whole kept trace as one file: the store's header, then every segment without its own. The
 * header is the store's, not the oldest file's, since a session's first segment begins before the
 * hub's first registry sync and names no runtime.
 */
export async function* wholeTrace(store: TraceStore): AsyncGenerator<Uint8Array | string> {
  const segments = store.segments();
  if (segments.length === 0) return;
  yield `${JSON.stringify(store.header())}\n`;
  for (const segment of segments) yield* segmentBytes(segment, segment.headerBytes);
}

/** Where the latest snapshot at or before `seq` is (the oldest one when none is). */
function snapshotAtOrBefore(segments: TraceSegment[], seq: number): { index: number; mark: SnapshotMark } | undefined {
  let found: { index: number; mark: SnapshotMark } | undefined;
  for (const [index, segment] of segments.entries()) {
    for (const mark of segment.snapshots) if (mark.seq <= seq || !found) found = { index, mark };
  }
  return found;
}

/** A part of the trace for a seeking reader: the header, the latest snapshot at or before `from`, then every line up to `to`. */
export async function* traceRange(store: TraceStore, from: number, to: number): AsyncGenerator<Uint8Array | string> {
  const segments = store.segments();
  const start = snapshotAtOrBefore(segments, from);
  if (!start) return;
  let out = `${JSON.stringify(store.header())}\n`;
  reading: for (let i = start.index; i < segments.length; i++) {
    const segment = segments[i]!;
    const offset = i === start.index ? start.mark.offset : segment.headerBytes;
    for await (const { text } of splitTraceLines(segmentBytes(segment, offset))) {
      const seq = Number(LINE_START.exec(text)?.[1] ?? -1);
      if (seq > to) break reading;
      out += `${text}\n`;
      // Sent in pieces of about 256 KB, not a line at a time.
      if (out.length > 256 * 1024) {
        yield out;
        out = '';
      }
    }
  }
  if (out) yield out;
}

/** The node ids of the last snapshot the trace holds: who a ShiViz export covers by default. */
async function nodesOfLastSnapshot(store: TraceStore): Promise<string[]> {
  const segments = store.segments();
  const last = snapshotAtOrBefore(segments, Number.MAX_SAFE_INTEGER);
  if (!last) return [];
  for await (const { text } of splitTraceLines(segmentBytes(segments[last.index]!, last.mark.offset))) {
    const line = parseTraceLine(text, 1);
    return line.type === 'snapshot' ? line.snapshot.nodes.map((n) => n.id) : [];
  }
  return [];
}

/** Of `nodes`, those with no event on their lifeline anywhere in the trace; reads only until every one is found. */
async function nodesWithoutEvents(store: TraceStore, nodes: string[]): Promise<string[]> {
  const missing = new Set(nodes);
  for (const segment of store.segments()) {
    for await (const { text, line } of splitTraceLines(segmentBytes(segment, segment.headerBytes))) {
      const parsed = parseTraceLine(text, line + 1);
      if (parsed.type !== 'event') continue;
      const host = lifelineOf(parsed.event);
      if (host !== undefined && missing.delete(host) && missing.size === 0) return [];
    }
  }
  return [...missing];
}

/**
 * Which nodes a ShiViz export covers: those asked for, or all the trace holds. More than
 * MAX_SHIVIZ_NODES is refused, and so is a node asked for that has no event in the trace (a
 * mistyped id gave an empty log and no word of why).
 */
export async function shivizNodes(store: TraceStore, asked: string[] | undefined): Promise<{ nodes: string[] } | { error: AdminAnswer }> {
  const nodes = asked && asked.length > 0 ? [...new Set(asked)] : await nodesOfLastSnapshot(store);
  if (nodes.length > MAX_SHIVIZ_NODES) {
    const how = asked?.length ? 'asked for' : 'in the trace';
    return {
      error: errorAnswer(
        'too_many_trace_nodes',
        `${nodes.length} nodes ${how}: a ShiViz export takes at most ${MAX_SHIVIZ_NODES}; choose them with nodes=a,b,c`,
      ),
    };
  }
  if (asked?.length) {
    const absent = await nodesWithoutEvents(store, nodes);
    if (absent.length > 0)
      return {
        error: errorAnswer(
          'node_unknown',
          `no event of ${absent.slice(0, 5).join(', ')}${absent.length > 5 ? ` and ${absent.length - 5} more` : ''} in this trace`,
        ),
      };
  }
  return { nodes };
}

/** The trace as a ShiViz log, with vector clocks over `nodes` derived from its send/receive pairs. */
export async function* shivizLog(store: TraceStore, nodes: string[]): AsyncGenerator<string> {
  yield shivizPreamble();
  const deriver = new VectorClockDeriver(new Set(nodes));
  let lastSeq = 0;
  for (const segment of store.segments()) {
    for await (const { text, line } of splitTraceLines(segmentBytes(segment, segment.headerBytes))) {
      const parsed = parseTraceLine(text, line + 1);
      if (parsed.type !== 'event' || parsed.seq <= lastSeq) continue;
      lastSeq = parsed.seq;
      let out = '';
      for (const clocked of deriver.push(parsed)) out += shivizEntry(clocked);
      if (out) yield out;
    }
  }
  let rest = '';
  for (const clocked of deriver.finish()) rest += shivizEntry(clocked);
  if (rest) yield rest;
}

export function traceIndex(store: TraceStore): TraceIndex {
  const range = store.range();
  const snapshots = store.segments().flatMap((s) => s.snapshots.map(({ seq, at }) => ({ seq, at })));
  const indexed = store.indexed?.() ?? 1;
  return { header: store.header(), ...range, snapshots, ...(indexed < 1 ? { indexed } : {}) };
}

/** An async iterator as a response body, pulled only as fast as the client reads. */
export function bodyOf(chunks: AsyncGenerator<Uint8Array | string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(typeof value === 'string' ? encoder.encode(value) : value);
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}
