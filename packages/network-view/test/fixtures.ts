import type { FaultState, NodeRecord, TelemetryEvent } from '@peerscope/protocol';
import type { NetworkView } from '../src/index.js';

// Telemetry events as the picture's tests (and the hub's, in apps/dashboard/test) build them.

export const T0 = 1_700_000_000_000;

export function nodeRecord(id: string, overrides: Partial<NodeRecord> = {}): NodeRecord {
  const port = 7000 + Number(id.replace(/\D/g, '') || 0);
  return { id, url: `http://127.0.0.1:${port}`, kind: 'peerscope', status: 'alive', registeredAt: T0, lastSeen: T0, ...overrides };
}

export type RegisteredEvent = Extract<TelemetryEvent, { type: 'node:registered' }>;

export const registered = (id: string, at = T0, overrides: Partial<NodeRecord> = {}): RegisteredEvent => ({
  type: 'node:registered',
  node: nodeRecord(id, overrides),
  at,
  source: 'bootstrap',
});

/** The events one message can cause, by name, all with the same id. */
export function messageEvents(id: string, from: string, to: string, text: string, at = T0) {
  return {
    sent: { type: 'message:sent', id, from, to, text, at, source: from } as TelemetryEvent,
    received: { type: 'message:received', id, from, to, text, at: at + 3, source: to } as TelemetryEvent,
    delivered: { type: 'message:delivered', id, from, to, latencyMs: 5, at: at + 5, source: from } as TelemetryEvent,
    failed: {
      type: 'message:failed',
      id,
      from,
      to,
      latencyMs: 1000,
      error: { code: 'timeout', message: 'no answer within 1000 ms' },
      at: at + 1000,
      source: from,
    } as TelemetryEvent,
  };
}

/** `count` valid events (sent + delivered pairs between node1..node5), ids starting at `offset`. */
export function trafficEvents(count: number, offset = 0): TelemetryEvent[] {
  const events: TelemetryEvent[] = [];
  for (let i = offset; events.length < count; i++) {
    const from = `node${(i % 5) + 1}`;
    const to = `node${((i + 1) % 5) + 1}`;
    const m = messageEvents(`m${i}`, from, to, `hello ${i}`, T0 + i);
    events.push(m.sent);
    if (events.length < count) events.push(m.delivered);
  }
  return events;
}

/**
 * The picture as a comparable value (epoch and seq left out). Typed by shape: the hub's tests hold
 * the compiled NetworkView, this package's tests the source one.
 */
export const picture = (view: Pick<NetworkView, 'snapshot'>) => view.snapshot('', 0);

export const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** The events of one gossip hop `from → to`: sent, received (maybe a duplicate) and delivered. */
export function gossipHop(id: string, gossip: { id: string; origin: string; hop: number }, from: string, to: string, at: number, duplicate = false) {
  const base = { id, from, to, gossip, at, source: from };
  return {
    sent: { ...base, type: 'message:sent', text: 'rumour' } as TelemetryEvent,
    received: { ...base, type: 'message:received', text: 'rumour', at: at + 2, source: to, ...(duplicate && { duplicate: true }) } as TelemetryEvent,
    delivered: { ...base, type: 'message:delivered', latencyMs: 3, at: at + 3 } as TelemetryEvent,
  };
}

export const faultsChanged = (faults: Partial<FaultState>, at = T0): TelemetryEvent => ({
  type: 'faults:changed',
  faults: { partition: null, links: [], paused: [], ...faults },
  at,
  source: 'bootstrap',
});
