import { MAX_EVENTS_PER_REPORT, MAX_REPORT_BYTES, TelemetryReportSchema, type ReportedEvent, type TelemetryEvent } from './events.js';

// A report travels as one binary Socket.IO attachment holding JSON text. Socket.IO would otherwise
// walk every event looking for binary data and build the packet text itself; reporting is on every
// node's hot path, so a report is serialised once, here, and `source` (the same in every event of a
// connection) is left for the hub to stamp. A host process's connection carries many nodes' events,
// so there each event names its node in `source`, and the hub keeps only those the host claimed.

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes events as reports, each within `MAX_EVENTS_PER_REPORT` and `MAX_REPORT_BYTES`, in order. */
export function encodeReports(events: readonly ReportedEvent[]): Uint8Array[] {
  return encodeReportBatches(events).map(({ report }) => report);
}

/** As `encodeReports`, with how many events each report holds. */
export function encodeReportBatches(events: readonly ReportedEvent[]): Array<{ report: Uint8Array; events: number }> {
  const reports: Array<{ report: Uint8Array; events: number }> = [];
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_REPORT) {
    splitBySize(events.slice(start, start + MAX_EVENTS_PER_REPORT), reports);
  }
  return reports;
}

function splitBySize(events: readonly ReportedEvent[], into: Array<{ report: Uint8Array; events: number }>): void {
  const report = utf8.encode(JSON.stringify(events));
  // Halving is rare (it takes hundreds of long texts) and one event is far below the limit.
  if (report.byteLength <= MAX_REPORT_BYTES || events.length === 1) {
    into.push({ report, events: events.length });
    return;
  }
  const half = Math.ceil(events.length / 2);
  splitBySize(events.slice(0, half), into);
  splitBySize(events.slice(half), into);
}

export type DecodedReport = { ok: true; events: TelemetryEvent[] } | { ok: false; reason: string };

/**
 * A host connection's report: the events for nodes it claimed; the `source` of each event it
 * dropped for naming no claimed node (an id it has not claimed, at most 64 characters, or
 * `(undefined)` and the like when it named none); and the `type` of each event it dropped as one no
 * node reports of itself (a registry or lab event, which only the bootstrap reports, or a start or
 * stop of another node).
 */
export type DecodedHostReport = { ok: true; events: TelemetryEvent[]; unclaimed: string[]; foreign: string[] } | { ok: false; reason: string };

/** What a node reports of itself: its start and stop, and its messages. The registry's and the lab's events are the bootstrap's. */
const NODE_EVENT_TYPES: ReadonlySet<TelemetryEvent['type']> = new Set([
  'node:started',
  'node:stopping',
  'message:sent',
  'message:received',
  'message:delivered',
  'message:failed',
  'messages:summarised',
]);

/** Whether a node may report this event as its own: one of a node's kinds, and a start or stop only of itself. */
function ownEvent(event: TelemetryEvent): boolean {
  if (!NODE_EVENT_TYPES.has(event.type)) return false;
  return (event.type !== 'node:started' && event.type !== 'node:stopping') || event.nodeId === event.source;
}

/** Reads one report from `source`'s connection: every event gets that `source`, whatever it claimed. */
export function decodeReport(report: unknown, source: string): DecodedReport {
  const read = readJson(report);
  if (!read.ok) return read;
  if (Array.isArray(read.json)) {
    for (const event of read.json) if (typeof event === 'object' && event !== null) (event as { source?: string }).source = source;
  }
  return parse(read.json);
}

/**
 * Reads one report from a host connection: each event names its node in `source`, and only the
 * nodes in `claimed` count; the others are dropped one by one (the rest of the report still counts),
 * so a host that raced a release loses only the events it no longer may send. A host holds tickets
 * for its nodes only, not the cluster token: what none of its nodes would report of itself (a node
 * registered or gone, faults, traffic, another node's start) is dropped the same way.
 */
export function decodeHostReport(report: unknown, claimed: ReadonlySet<string>): DecodedHostReport {
  const read = readJson(report);
  if (!read.ok) return read;
  if (!Array.isArray(read.json)) return { ok: false, reason: 'a report must be an array of events' };
  const unclaimed: string[] = [];
  const kept = read.json.filter((event: unknown) => {
    // What is not an object stays, for the schema to refuse the report as it would any other.
    if (typeof event !== 'object' || event === null) return true;
    const source = (event as { source?: unknown }).source;
    if (typeof source === 'string' && claimed.has(source)) return true;
    unclaimed.push(typeof source === 'string' ? source.slice(0, 64) : `(${source === null ? 'null' : typeof source})`);
    return false;
  });
  const parsed = parse(kept);
  if (!parsed.ok) return parsed;
  const events: TelemetryEvent[] = [];
  const foreign: string[] = [];
  for (const event of parsed.events) {
    if (ownEvent(event)) events.push(event);
    else foreign.push(event.type);
  }
  return { ok: true, events, unclaimed, foreign };
}

function readJson(report: unknown): { ok: true; json: unknown } | { ok: false; reason: string } {
  if (!(report instanceof Uint8Array)) return { ok: false, reason: 'a report must be binary (UTF-8 JSON)' };
  if (report.byteLength > MAX_REPORT_BYTES) return { ok: false, reason: `a report must not exceed ${MAX_REPORT_BYTES} bytes` };
  try {
    return { ok: true, json: JSON.parse(strictUtf8.decode(report)) };
  } catch {
    return { ok: false, reason: 'a report must be UTF-8 JSON' };
  }
}

function parse(events: unknown): DecodedReport {
  const parsed = TelemetryReportSchema.safeParse(events);
  return parsed.success ? { ok: true, events: parsed.data } : { ok: false, reason: parsed.error.issues[0]?.message ?? 'invalid report' };
}
