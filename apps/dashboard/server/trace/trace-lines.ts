import { PROTOCOL_VERSION, TRACE_FORMAT, type Delta, type NetworkSnapshot, type TelemetryEvent, type TraceHeader } from '@peerscope/protocol';

// Lines are written by hand so that each begins `{"type":…,"seq":…,"at":…`: readers index a
// trace from those first bytes (packages/trace, TraceScanner) without parsing it.

export function headerLine(header: Omit<TraceHeader, 'type' | 'format' | 'protocol'>): string {
  const full: TraceHeader = { type: 'header', format: TRACE_FORMAT, protocol: PROTOCOL_VERSION, ...header };
  return `${JSON.stringify(full)}\n`;
}

export function eventLine(delta: Delta, at: number, texts: boolean): string {
  return `{"type":"event","seq":${delta.seq},"at":${at},"event":${JSON.stringify(texts ? delta.event : withoutText(delta.event))}}\n`;
}

export function snapshotLine(snapshot: NetworkSnapshot, at: number, texts: boolean): string {
  const picture = texts ? snapshot : { ...snapshot, messages: snapshot.messages.map((m) => ({ ...m, text: '' })) };
  return `{"type":"snapshot","seq":${snapshot.seq},"at":${at},"snapshot":${JSON.stringify(picture)}}\n`;
}

/** A copy without the message's text (the hub's own event is shared with the picture and the journal). */
export function withoutText(event: TelemetryEvent): TelemetryEvent {
  return event.type === 'message:sent' || event.type === 'message:received' ? { ...event, text: '' } : event;
}
