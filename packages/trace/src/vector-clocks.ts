import type { Delta, TelemetryEvent } from '@peerscope/protocol';

/** A vector clock over the exported nodes: node id → how many of its events happened before (its own included). */
export type VectorClock = Record<string, number>;

/** One event placed on a node's lifeline, with the clock derived for it. */
export interface ClockedEvent {
  seq: number;
  host: string;
  /** One line saying what happened. */
  text: string;
  clock: VectorClock;
}

/**
 * Whose lifeline an event belongs on, and what it does there: a send, a receipt (of a send by `from`),
 * or a local step. `id` pairs a receipt with its send: the message id and both ends, since anyone may
 * post a receipt under an id it saw, and such a claim must not take the clock of the send it copied.
 */
type Placement = { host: string; role: 'send' | 'local'; id?: string } | { host: string; role: 'receive'; id: string; from: string };

const pairKey = (event: { id: string; from: string; to: string }) => `${event.id} ${event.from}->${event.to}`;

function placementOf(event: TelemetryEvent): Placement | undefined {
  switch (event.type) {
    case 'message:sent':
      return { host: event.from, role: 'send', id: pairKey(event) };
    case 'message:received':
      return { host: event.to, role: 'receive', id: pairKey(event), from: event.from };
    case 'message:delivered':
    case 'message:failed':
      return { host: event.from, role: 'local' };
    case 'node:started':
    case 'node:status-changed':
    case 'node:deregistered':
    case 'node:stopping':
      return { host: event.nodeId, role: 'local' };
    case 'node:registered':
      return { host: event.node.id, role: 'local' };
    default:
      return undefined;
  }
}

/** Whose lifeline `event` is drawn on (undefined: none, it is not exported). */
export function lifelineOf(event: TelemetryEvent): string | undefined {
  return placementOf(event)?.host;
}

/** One line about an event, as ShiViz shows it beside the diagram. */
export function describeEvent(seq: number, event: TelemetryEvent): string {
  switch (event.type) {
    case 'message:sent':
      return `#${seq} send ${event.id} ${event.from} -> ${event.to}${event.gossip ? ` (gossip hop ${event.gossip.hop})` : ''}${event.text ? `: ${event.text}` : ''}`;
    case 'message:received':
      return `#${seq} receive ${event.id} from ${event.from}${event.duplicate ? ' (duplicate)' : ''}`;
    case 'message:delivered':
      return `#${seq} delivered ${event.id} to ${event.to} in ${Math.round(event.latencyMs)} ms`;
    case 'message:failed':
      return `#${seq} failed ${event.id} to ${event.to}: ${event.error.code}`;
    case 'node:status-changed':
      return `#${seq} status ${event.previous} -> ${event.status}`;
    case 'node:deregistered':
      return `#${seq} deregistered (${event.reason})`;
    default:
      return `#${seq} ${event.type}`;
  }
}

/** How many remembered sends a deriver keeps for receipts still to come, the oldest forgotten first. */
const MAX_OPEN_SENDS = 200_000;

/**
 * Derives vector clocks from send/receive pairs, as events come in the hub's order: a send ticks
 * its node and remembers the clock under the message id; the receipt of that id merges it, then
 * ticks. Receipts can reach the hub before their sends (two reporters): a receipt whose sender is
 * exported but whose send has not come yet holds its node's later events back until it does, or
 * until `holdLimit` more events have passed (then it is taken as a local step).
 */
export class VectorClockDeriver {
  private readonly clocks = new Map<string, VectorClock>();
  private readonly sends = new Map<string, VectorClock>();
  /** Per node whose head receipt waits for its send: its queued events and when it began waiting. */
  private readonly held = new Map<string, { queue: Array<{ seq: number; event: TelemetryEvent; place: Placement }>; since: number }>();
  private readonly waitingFor = new Map<string, string>();
  private pushed = 0;

  constructor(
    private readonly nodes?: ReadonlySet<string>,
    private readonly holdLimit = 10_000,
  ) {}

  /** Takes the next event; returns those now placed (possibly none, possibly several). */
  push({ seq, event }: Delta): ClockedEvent[] {
    this.pushed += 1;
    const out: ClockedEvent[] = [];
    const place = placementOf(event);
    if (place && this.exported(place.host)) {
      const held = this.held.get(place.host);
      if (held) held.queue.push({ seq, event, place });
      else this.take(seq, event, place, out);
    }
    this.giveUpOnLongWaits(out);
    return out;
  }

  /** Places whatever is still held (receipts whose sends never came are local steps). */
  finish(): ClockedEvent[] {
    const out: ClockedEvent[] = [];
    for (const host of [...this.held.keys()]) this.release(host, out, true);
    return out;
  }

  private exported(host: string): boolean {
    return this.nodes ? this.nodes.has(host) : true;
  }

  private take(seq: number, event: TelemetryEvent, place: Placement, out: ClockedEvent[], force = false): boolean {
    const clock = this.clocks.get(place.host) ?? {};
    if (place.role === 'receive') {
      const sent = this.sends.get(place.id);
      if (!sent && !force && this.exported(place.from) && place.from !== place.host) {
        this.held.set(place.host, { queue: [{ seq, event, place }], since: this.pushed });
        this.waitingFor.set(place.id, place.host);
        return false;
      }
      if (sent) {
        this.sends.delete(place.id);
        for (const [node, count] of Object.entries(sent)) if (entryOf(clock, node) < count) clock[node] = count;
      }
    }
    clock[place.host] = entryOf(clock, place.host) + 1;
    this.clocks.set(place.host, clock);
    if (place.role === 'send' && place.id) this.rememberSend(place.id, { ...clock }, out);
    out.push({ seq, host: place.host, text: describeEvent(seq, event), clock: { ...clock } });
    return true;
  }

  private rememberSend(id: string, clock: VectorClock, out: ClockedEvent[]): void {
    this.sends.set(id, clock);
    if (this.sends.size > MAX_OPEN_SENDS) this.sends.delete(this.sends.keys().next().value!);
    const waiter = this.waitingFor.get(id);
    if (waiter) this.release(waiter, out, false);
  }

  /** Takes a held node's queue in order until it meets a receipt still waiting (or all of it, when forced). */
  private release(host: string, out: ClockedEvent[], force: boolean): void {
    const held = this.held.get(host);
    if (!held) return;
    this.held.delete(host);
    const [first, ...rest] = held.queue;
    if (first?.place.role === 'receive') this.waitingFor.delete(first.place.id);
    if (first) this.take(first.seq, first.event, first.place, out, force);
    for (let i = 0; i < rest.length; i++) {
      const next = rest[i]!;
      const again = this.held.get(host);
      if (again) {
        again.queue.push(...rest.slice(i));
        return;
      }
      this.take(next.seq, next.event, next.place, out);
    }
  }

  private giveUpOnLongWaits(out: ClockedEvent[]): void {
    if (this.held.size === 0) return;
    for (const [host, held] of this.held) if (this.pushed - held.since > this.holdLimit) this.release(host, out, true);
  }
}

/** Whether `a` happened before `b` by their clocks: every entry ≤, and they differ. */
export function happenedBefore(a: VectorClock, b: VectorClock): boolean {
  let strictly = false;
  for (const [node, count] of Object.entries(a)) {
    const other = entryOf(b, node);
    if (count > other) return false;
    if (count < other) strictly = true;
  }
  if (!strictly) for (const [node, count] of Object.entries(b)) if (count > entryOf(a, node)) strictly = true;
  return strictly;
}

/** A node's entry in a clock, 0 when it has none: read as an own property, since a node may be called `constructor` or `toString`. */
function entryOf(clock: VectorClock, node: string): number {
  return Object.hasOwn(clock, node) ? clock[node]! : 0;
}
