import { MAX_EVENTS_PER_REPORT, MAX_REPORT_BYTES, TelemetryReportSchema, type ReportedEvent, type TelemetryEvent } from './events.js';

// A report travels as one binary Socket.IO attachment holding JSON text. Socket.IO would otherwise
// walk every event looking for binary data and build the packet text itself; reporting is on every
// node's hot path, so a report is serialised once, here, and `source` (the same in every event of a
// connection) is left for the hub to stamp.

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes events as reports, each within `MAX_EVENTS_PER_REPORT` and `MAX_REPORT_BYTES`, in order. */
export function encodeReports(events: readonly ReportedEvent[]): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_REPORT) {
    splitBySize(events.slice(start, start + MAX_EVENTS_PER_REPORT), reports);
  }
  return reports;
}

function splitBySize(events: readonly ReportedEvent[], into: Uint8Array[]): void {
  const report = utf8.encode(JSON.stringify(events));
  // Halving is rare (it takes hundreds of long texts) and one event is far below the limit.
  if (report.byteLength <= MAX_REPORT_BYTES || events.length === 1) {
    into.push(report);
    return;
  }
  const half = Math.ceil(events.length / 2);
  splitBySize(events.slice(0, half), into);
  splitBySize(events.slice(half), into);
}

export type DecodedReport = { ok: true; events: TelemetryEvent[] } | { ok: false; reason: string };

/** Reads one report from `source`'s connection: every event gets that `source`, whatever it claimed. */
export function decodeReport(report: unknown, source: string): DecodedReport {
  if (!(report instanceof Uint8Array)) return { ok: false, reason: 'a report must be binary (UTF-8 JSON)' };
  if (report.byteLength > MAX_REPORT_BYTES) return { ok: false, reason: `a report must not exceed ${MAX_REPORT_BYTES} bytes` };
  let events: unknown;
  try {
    events = JSON.parse(strictUtf8.decode(report));
  } catch {
    return { ok: false, reason: 'a report must be UTF-8 JSON' };
  }
  if (Array.isArray(events)) {
    for (const event of events) if (typeof event === 'object' && event !== null) (event as { source?: string }).source = source;
  }
  const parsed = TelemetryReportSchema.safeParse(events);
  return parsed.success ? { ok: true, events: parsed.data } : { ok: false, reason: parsed.error.issues[0]?.message ?? 'invalid report' };
}
