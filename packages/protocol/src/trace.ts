import { z } from 'zod';
import { TimestampSchema } from './common.js';
import { TelemetryEventSchema } from './events.js';
import { NetworkSnapshotSchema } from './ui.js';

/**
 * A trace: JSON Lines the hub writes while it runs (see docs/protocol.md, "Traces"). Line 1 is a
 * header; then one line per event the hub stamped, and now and then the whole picture, so a reader
 * can start anywhere. Every line leads with `type`, `seq` and `at`, so an index can be built from
 * the first bytes of each line without parsing it.
 */
export const TRACE_FORMAT = 1;

/** Longest line a reader takes (a snapshot of 1,000 nodes is well under 2 MB); longer is an error, not a freeze. */
export const MAX_TRACE_LINE_BYTES = 16 * 1024 * 1024;

export const TraceHeaderSchema = z.object({
  type: z.literal('header'),
  format: z.literal(TRACE_FORMAT),
  /** The protocol version of the events (PROTOCOL_VERSION when written). */
  protocol: z.number().int().positive(),
  /** The hub's epoch: one session from the hub's start to its stop. */
  session: z.string().min(1).max(64),
  startedAt: TimestampSchema,
  runtime: z.string().max(64).nullable(),
  /** False when message texts were left out (PEERSCOPE_TRACE_TEXTS=off): every text is empty. */
  texts: z.boolean(),
  /** Which segment of the session this file began as (1, 2, …): older ones may have been rotated away. */
  segment: z.number().int().positive(),
});
export type TraceHeader = z.infer<typeof TraceHeaderSchema>;

/** One event, with the hub's sequence number and the time (epoch ms) the hub took it. */
export const TraceEventLineSchema = z.object({
  type: z.literal('event'),
  seq: z.number().int().positive(),
  at: TimestampSchema,
  event: TelemetryEventSchema,
});
export type TraceEventLine = z.infer<typeof TraceEventLineSchema>;

/** The whole picture after the event `seq`: a reader seeking starts from the nearest one before its target. */
export const TraceSnapshotLineSchema = z.object({
  type: z.literal('snapshot'),
  seq: z.number().int().nonnegative(),
  at: TimestampSchema,
  snapshot: NetworkSnapshotSchema,
});
export type TraceSnapshotLine = z.infer<typeof TraceSnapshotLineSchema>;

export const TraceLineSchema = z.discriminatedUnion('type', [TraceHeaderSchema, TraceEventLineSchema, TraceSnapshotLineSchema]);
export type TraceLine = z.infer<typeof TraceLineSchema>;

/** What is wrong with a trace, and on which line (1-based, counted from where the reading began). */
export class TraceError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'TraceError';
  }
}

// JSON.parse makes `"__proto__"` an own key, harmless until some code copies it onto an object with
// `obj[key] = …`; a trace has no reason to hold one, so the line is refused before anything sees it.
const FORBIDDEN_KEY = /"(?:__proto__|constructor|prototype)"\s*:/;

/** Parses and validates one line of a trace; a bad one throws a TraceError that names the line. */
export function parseTraceLine(text: string, line: number): TraceLine {
  if (text.length > MAX_TRACE_LINE_BYTES) throw new TraceError(line, `longer than ${MAX_TRACE_LINE_BYTES} bytes`);
  if (FORBIDDEN_KEY.test(text)) throw new TraceError(line, 'holds a forbidden key (__proto__, constructor or prototype)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TraceError(line, `not JSON (${(err as Error).message})`);
  }
  const parsed = TraceLineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TraceError(line, `not a trace line: ${issue?.path.join('.') || '(line)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export interface TraceLineText {
  /** 1-based, counted from where the reading began. */
  line: number;
  /** Byte offset of the line's start, counted from where the reading began. */
  offset: number;
  text: string;
}

/**
 * Splits a byte stream into lines as it arrives, never holding more than one line of at most
 * `maxLineBytes`: a file with no newline cannot make the reader buffer it whole. A last line
 * without its newline is a file cut short (a trace always ends its lines), reported as such.
 */
export async function* splitTraceLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes = MAX_TRACE_LINE_BYTES): AsyncGenerator<TraceLineText> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Uint8Array[] = [];
  let held = 0;
  let line = 1;
  let offset = 0;
  const take = (tail: Uint8Array): string => {
    const whole = parts.length === 0 ? tail : concat([...parts, tail], held + tail.length);
    parts = [];
    held = 0;
    try {
      return decoder.decode(whole);
    } catch {
      throw new TraceError(line, 'not UTF-8 text');
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      if (held + end - start > maxLineBytes) throw new TraceError(line, `longer than ${maxLineBytes} bytes`);
      const bytes = held + end - start;
      const text = take(chunk.subarray(start, end));
      yield { line, offset, text };
      offset += bytes + 1;
      line += 1;
      start = end + 1;
    }
    if (start < chunk.length) {
      held += chunk.length - start;
      if (held > maxLineBytes) throw new TraceError(line, `longer than ${maxLineBytes} bytes`);
      parts.push(chunk.slice(start));
    }
  }
  if (held > 0) throw new TraceError(line, 'cut short: the file ends in the middle of this line');
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const whole = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}

/**
 * Reads a trace line by line, each validated: the first line must be a header when `fromStart`
 * (a reader that seeks starts at a snapshot line instead). Yields each line with where it is.
 */
export async function* readTrace(
  chunks: AsyncIterable<Uint8Array>,
  options: { fromStart?: boolean; maxLineBytes?: number } = {},
): AsyncGenerator<{ line: number; offset: number; value: TraceLine }> {
  const fromStart = options.fromStart ?? true;
  for await (const { line, offset, text } of splitTraceLines(chunks, options.maxLineBytes)) {
    if (text.length === 0) continue;
    const value = parseTraceLine(text, line);
    if (fromStart && line === 1 && value.type !== 'header') throw new TraceError(1, 'the first line of a trace must be its header');
    if (value.type === 'header' && line !== 1) throw new TraceError(line, 'a header after the first line');
    yield { line, offset, value };
  }
}

/** `GET /api/trace` on the dashboard: the whole trace (NDJSON), a part of it, or a ShiViz log. */
export const MAX_SHIVIZ_NODES = 100;
export const TraceQuerySchema = z.object({
  format: z.enum(['ndjson', 'shiviz']).default('ndjson'),
  /** ShiViz only: the nodes whose lifelines are exported, comma-separated; default all (up to MAX_SHIVIZ_NODES). */
  nodes: z
    .string()
    .max(64 * 1024)
    .optional()
    .transform((list) =>
      list
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    ),
  /** NDJSON only: start at the last snapshot at or before this seq (header, that snapshot, then the events). */
  from: z.coerce.number().int().nonnegative().optional(),
  /** NDJSON only: stop after this seq. */
  to: z.coerce.number().int().nonnegative().optional(),
});
export type TraceQuery = z.infer<typeof TraceQuerySchema>;

/** Where each snapshot of a kept trace is: what a time-travel slider needs to seek. */
export const TraceIndexSchema = z.object({
  header: TraceHeaderSchema,
  firstSeq: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  firstAt: TimestampSchema,
  lastAt: TimestampSchema,
  snapshots: z.array(z.object({ seq: z.number().int().nonnegative(), at: TimestampSchema })),
  /** The share of the trace indexed so far, while a replayed file is still being scanned; absent once the index is whole. */
  indexed: z.number().min(0).max(1).optional(),
});
export type TraceIndex = z.infer<typeof TraceIndexSchema>;

/** `POST /api/trace/recording` (test hook only): stops or restarts the live trace, as bench:hub's on/off switch does. */
export const TraceRecordingRequestSchema = z.object({ recording: z.boolean() }).strict();
export type TraceRecordingRequest = z.infer<typeof TraceRecordingRequestSchema>;
