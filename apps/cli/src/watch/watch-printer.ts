import { describeFaultChange, overlayText } from '@peerscope/network-view';
import type { Delta, FaultState, NetworkSnapshot, TelemetryEvent } from '@peerscope/protocol';
import { table, type Output } from '../output.js';
import { trafficLine } from '../render.js';
import type { FollowerHandlers } from './hub-follower.js';

/** The events a person follows by default; `--all` adds each message's sent and received. */
const CHATTY = new Set<TelemetryEvent['type']>(['message:sent', 'message:received']);
const MAX_TEXT = 60;

/**
 * `peerscope watch`'s output, as `kubectl get -w` prints it: the nodes as they are, then one line
 * per change. With `--json`: `{"snapshot":…}` first, then each delta as the hub sent it
 * (`{"seq","event"}`), one JSON object per line.
 */
export class WatchPrinter implements FollowerHandlers {
  private faults: FaultState = { partition: null, links: [], paused: [] };

  constructor(
    private readonly out: Output,
    private readonly showAll: boolean,
    private readonly note: (line: string) => void,
  ) {}

  snapshot(snapshot: NetworkSnapshot, first: boolean): void {
    this.faults = snapshot.faults;
    if (this.out.json) return this.out.jsonLine({ snapshot });
    if (!first) this.note('the hub sent a fresh picture (it restarted, or this watch fell behind); the nodes now:');
    const rows = snapshot.nodes.map((n) => [n.id, this.out.status(n.status), n.kind, n.url]);
    for (const line of rows.length > 0 ? table(['NODE', 'STATUS', 'KIND', 'URL'], rows) : ['no nodes yet']) this.out.line(line);
    if (first) this.note(`watching the network (hub ${snapshot.epoch} at ${snapshot.seq}); Ctrl-C stops`);
  }

  delta(delta: Delta): void {
    const { event } = delta;
    const before = this.faults;
    if (event.type === 'faults:changed') this.faults = event.faults;
    if (CHATTY.has(event.type) && !this.showAll) return;
    if (this.out.json) return this.out.jsonLine(delta);
    const detail = this.detail(event, before);
    this.out.line(`${this.out.paint('gray', clock(event.at))}  ${event.type.padEnd(20)}  ${detail}`);
  }

  unknown(delta: unknown): void {
    if (this.out.json) return this.out.jsonLine(delta);
    this.note(`an event this command line does not know: ${JSON.stringify(delta).slice(0, 200)}`);
  }

  connection(state: 'lost' | 'live'): void {
    this.note(state === 'lost' ? 'lost the dashboard; reconnecting…' : 'live again: nothing was missed');
  }

  private detail(event: TelemetryEvent, faultsBefore: FaultState): string {
    const out = this.out;
    switch (event.type) {
      case 'node:started':
        return `${event.nodeId}  ${event.url}`;
      case 'node:registered':
        return `${event.node.id}  ${out.status(event.node.status)}  ${event.node.kind}  ${event.node.url}`;
      case 'node:status-changed':
        return `${event.nodeId}  ${out.status(event.previous)} → ${out.status(event.status)}`;
      case 'node:deregistered':
        return `${event.nodeId}  ${event.reason}`;
      case 'node:stopping':
        return event.nodeId;
      case 'message:sent':
        return `${route(event)}  ${quote(event.text)}`;
      case 'message:received':
        return `${route(event)}  ${quote(event.text)}${event.duplicate ? '  (duplicate)' : ''}`;
      case 'message:delivered':
        return `${route(event)}  ${out.status('delivered')}  ${event.latencyMs} ms`;
      case 'message:failed':
        return `${route(event)}  ${out.status('failed')}  ${event.error.code}: ${event.error.message}`;
      case 'messages:summarised':
        return `${event.from} → ${event.to}  ${event.sent} sent, ${event.delivered} delivered, ${event.failed} failed (counted, not shown one by one)`;
      case 'runtime:changed':
        return event.runtime;
      case 'faults:changed':
        return describeFaultChange(faultsBefore, event.faults).join('; ') || 'no change';
      case 'overlay:changed':
        return overlayText(event.overlay);
      case 'traffic:changed':
        return trafficLine(out, event.traffic);
      case 'bootstrap:status-changed':
        return event.up ? `the bootstrap is ${out.status('alive')} again` : `the bootstrap is ${out.status('dead')}: the nodes go on with the peers they know`;
    }
  }
}

const clock = (at: number) => new Date(at).toTimeString().slice(0, 8) + '.' + String(at % 1000).padStart(3, '0');

function route(event: { from: string; to: string; broadcastId?: string | undefined; gossip?: { hop: number } | undefined }): string {
  const kind = event.gossip ? `  (gossip hop ${event.gossip.hop})` : event.broadcastId ? '  (broadcast)' : '';
  return `${event.from} → ${event.to}${kind}`;
}

const quote = (text: string) => JSON.stringify(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);
