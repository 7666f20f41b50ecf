import type { NodeKind, NodeStatus } from '@peerscope/protocol';
import { createMetricsRegistry, MessageMetrics } from '@peerscope/server-kit';
import { Counter, Gauge, type Registry as MetricsRegistry } from 'prom-client';
import type { Registry } from '../registry.js';
import { DeathVerdicts, type DeathVerdict } from './death-verdicts.js';

const STATUSES: readonly NodeStatus[] = ['alive', 'suspect', 'dead'];
const KINDS: readonly NodeKind[] = ['peerscope', 'classic'];
const LIST_CALLS = ['register', 'heartbeat'] as const;
const LIST_KINDS = ['whole', 'changes', 'none'] as const;
export type ListCall = (typeof LIST_CALLS)[number];
/** What an answer carried of the peer list. */
export type ListCarried = (typeof LIST_KINDS)[number];

/**
 * What the bootstrap's `GET /metrics` shows. Events only increment counters (a heartbeat costs
 * one `inc`); the nodes by status are counted from the registry when Prometheus scrapes.
 * Labels are bounded: kinds, statuses, verdicts and failure codes, never a node or a message.
 */
export class BootstrapMetrics {
  readonly registry: MetricsRegistry = createMetricsRegistry();
  readonly messages = new MessageMetrics(this.registry, 'as the admin API sent them (its own sends, broadcasts and the traffic generator)');
  readonly deaths: DeathVerdicts;
  private readonly registrations: Counter<'kind'>;
  private readonly heartbeats: Counter;
  private readonly listAnswers: Counter<'call' | 'list'>;

  constructor(nodes: Registry) {
    const registers = [this.registry];
    new Gauge({
      name: 'peerscope_nodes',
      help: 'Registry entries by status and kind (peerscope nodes heartbeat; classic, course-style nodes are probed)',
      labelNames: ['status', 'kind'],
      registers,
      collect() {
        const counts = new Map<string, number>();
        for (const { status, kind } of nodes.list()) counts.set(`${status} ${kind}`, (counts.get(`${status} ${kind}`) ?? 0) + 1);
        for (const status of STATUSES) for (const kind of KINDS) this.set({ status, kind }, counts.get(`${status} ${kind}`) ?? 0);
      },
    });
    this.registrations = new Counter({
      name: 'peerscope_registrations_total',
      help: 'Registrations taken (POST /register answered 200), first ones and again, by kind',
      labelNames: ['kind'],
      registers,
    });
    this.heartbeats = new Counter({ name: 'peerscope_heartbeats_total', help: 'Heartbeats taken from peerscope nodes', registers });
    this.listAnswers = new Counter({
      name: 'peerscope_peer_list_answers_total',
      help: 'Register and heartbeat answers to peerscope nodes by what they carried of the peer list: the whole list, the changes since the version the node holds, or nothing (it was current)',
      labelNames: ['call', 'list'],
      registers,
    });
    for (const call of LIST_CALLS) for (const list of LIST_KINDS) this.listAnswers.inc({ call, list }, 0);
    const deaths = new Counter({
      name: 'peerscope_node_deaths_total',
      help: 'Nodes declared dead. verdict="true": the node was gone (crashed, paused or removed by this bootstrap, lost with its host, or nothing listened at its address); verdict="false": a node nobody stopped, declared dead by its silence alone',
      labelNames: ['verdict'],
      registers,
    });
    for (const verdict of ['true', 'false'] satisfies DeathVerdict[]) deaths.inc({ verdict }, 0);
    this.deaths = new DeathVerdicts(nodes, (verdict) => deaths.inc({ verdict }));
    for (const kind of KINDS) this.registrations.inc({ kind }, 0);
  }

  countRegistration(kind: NodeKind): void {
    this.registrations.inc(kind === 'peerscope' ? PEERSCOPE : CLASSIC);
  }

  countHeartbeat(): void {
    this.heartbeats.inc();
  }

  countListAnswer(call: ListCall, list: ListCarried): void {
    this.listAnswers.inc({ call, list });
  }
}

const PEERSCOPE = Object.freeze({ kind: 'peerscope' });
const CLASSIC = Object.freeze({ kind: 'classic' });
