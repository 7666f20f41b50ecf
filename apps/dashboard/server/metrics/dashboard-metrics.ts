import type { NodeKind, NodeStatus, TelemetryEvent } from '@peerscope/protocol';
import type { NetworkView } from '@peerscope/network-view';
import { createMetricsRegistry, MessageMetrics } from '@peerscope/server-kit';
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the metrics read from the hub when Prometheus scrapes. */
export interface DashboardMetricSources {
  view: () => NetworkView;
  stats: () => { ingested: number; rejected: number; duplicates: number; batches: number };
  /** Browser connections on `/ui` now. */
  browsers: () => number;
}

const STATUSES: readonly NodeStatus[] = ['alive', 'suspect', 'dead'];
const KINDS: readonly NodeKind[] = ['peerscope', 'classic'];

/**
 * What the dashboard's `GET /metrics` shows. A recorded message event costs one or two counter
 * increments (`observe`); everything else is read when Prometheus scrapes: the hub's own
 * running totals, its picture's nodes, the sockets on `/ui`. Labels are bounded: statuses, kinds
 * and failure codes, never a node or a message.
 */
export class DashboardMetrics {
  readonly registry: Registry = createMetricsRegistry();
  private readonly messages = new MessageMetrics(this.registry, 'as the nodes reported them to the hub');
  private readonly received: Counter;

  constructor(sources: DashboardMetricSources) {
    const registers = [this.registry];
    this.received = new Counter({ name: 'peerscope_messages_received_total', help: 'Messages received, as the nodes reported them to the hub', registers });
    new Gauge({
      name: 'peerscope_nodes',
      help: "Nodes in the hub's picture by status and kind (peerscope nodes heartbeat; classic, course-style nodes are probed)",
      labelNames: ['status', 'kind'],
      registers,
      collect() {
        const counts = new Map<string, number>();
        for (const { status, kind } of sources.view().nodes.values()) counts.set(`${status} ${kind}`, (counts.get(`${status} ${kind}`) ?? 0) + 1);
        for (const status of STATUSES) for (const kind of KINDS) this.set({ status, kind }, counts.get(`${status} ${kind}`) ?? 0);
      },
    });
    new Gauge({
      name: 'peerscope_browsers_connected',
      help: 'Browser connections to the hub (one per open dashboard page)',
      registers,
      collect() {
        this.set(sources.browsers());
      },
    });
    const total = (name: string, help: string, read: (stats: ReturnType<DashboardMetricSources['stats']>) => number) =>
      runningTotal(registers, name, help, () => read(sources.stats()));
    total('peerscope_hub_events_ingested_total', 'Telemetry events the hub took from the bootstrap, nodes and node hosts', (s) => s.ingested);
    total('peerscope_hub_reports_rejected_total', 'Reports the hub refused whole, and events a host sent for nodes it had not claimed', (s) => s.rejected);
    total('peerscope_hub_reports_duplicate_total', 'Reports sent again that the hub already had (dropped)', (s) => s.duplicates);
    total('peerscope_hub_batches_total', 'Batches of deltas sent to the browsers (one per 50 ms on average)', (s) => s.batches);
  }

  /** One event the hub recorded: message events move the message counters. */
  observe(event: TelemetryEvent): void {
    switch (event.type) {
      case 'message:sent':
        return this.messages.countSent();
      case 'message:delivered':
        return this.messages.countDelivered(event.latencyMs);
      case 'message:failed':
        return this.messages.countFailed(event.error.code, event.latencyMs);
      case 'message:received':
        return this.received.inc();
      case 'messages:summarised':
        // Counted per link by a node over its budget: totals, without latencies or reasons.
        this.messages.countSent(event.sent);
        this.messages.countDelivered(undefined, event.delivered);
        this.messages.countFailed('summarised', undefined, event.failed);
        if (event.received > 0) this.received.inc(event.received);
        return;
      default:
        return;
    }
  }
}

/** A counter that follows a running total kept elsewhere (the hub's own): it moves by the difference at each scrape. */
function runningTotal(registers: Registry[], name: string, help: string, read: () => number): Counter {
  let counted = 0;
  return new Counter({
    name,
    help,
    registers,
    collect() {
      const now = read();
      if (now > counted) this.inc(now - counted);
      counted = Math.max(counted, now);
    },
  });
}
