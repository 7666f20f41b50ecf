import type { Probe, ProbeOutcome } from './node-probe.js';
import type { Registry, RegistryChange } from './registry.js';

export interface DetectorOptions {
  suspectAfterMs: number;
  deadAfterMs: number;
  /** Probes in flight at once; more suspects wait their turn (their deaths held meanwhile). */
  concurrency?: number;
  /**
   * True while a crowd is late together (the machine is saturated, see crowd-lateness.ts): probes
   * then go `CROWDED_CONCURRENCY` at a time, since each is a connection more on a machine that
   * cannot keep up (two thousand nodes joining spent more of the bootstrap on probes than on joins).
   */
  crowded?: () => boolean;
  /**
   * Suspicions a node's probe may clear in a row with no heartbeat between them. A node that
   * answers but never heartbeats is not keeping its lease: after this many, silence decides.
   */
  maxProbeClears?: number;
}

export interface DetectorStats {
  suspicionsCleared: number;
  deathsConfirmed: number;
  deathsBySilence: number;
  probesInFlight: number;
  stretchMs: number;
}

const DEFAULT_CONCURRENCY = 64;
export const CROWDED_CONCURRENCY = 8;
const DEFAULT_MAX_PROBE_CLEARS = 5;

/**
 * Tells a slow node from a dead one. Silence still makes a node suspect (the registry's sweep);
 * then, as memberlist does before it declares a member dead, the bootstrap looks at the node
 * itself: an answer clears the suspicion (its heartbeats were late, not missing), a refused
 * connection confirms the death at once (nothing listens there any more), and a probe that times
 * out (a paused node) lets the death come at `deadAfterMs`. While the bootstrap's own event loop
 * lags, every wait is stretched (Lifeguard's local health awareness).
 */
export class FailureDetector {
  private readonly concurrency: number;
  private readonly maxProbeClears: number;
  /** Suspects waiting for a probe, then probed: their deaths wait for the outcome. */
  private readonly pending = new Set<string>();
  private readonly queue: string[] = [];
  private inFlight = 0;
  /** Per node: the `lastSeen` its last probe clear set, and how many clears in a row. */
  private readonly streaks = new Map<string, { lastSeen: number; clears: number }>();
  private readonly counts = { suspicionsCleared: 0, deathsConfirmed: 0, deathsBySilence: 0 };

  constructor(
    private readonly registry: Registry,
    private readonly probe: Probe,
    private readonly stretchMs: () => number,
    private readonly options: DetectorOptions,
  ) {
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.maxProbeClears = options.maxProbeClears ?? DEFAULT_MAX_PROBE_CLEARS;
    registry.onChange((change) => this.noted(change));
    registry.setDeathGate((id, silenceMs) => this.mayDeclareDead(id, silenceMs));
  }

  stats(): DetectorStats {
    return { ...this.counts, probesInFlight: this.inFlight, stretchMs: this.stretchMs() };
  }

  /** How long a probe of this node may take: until its death is due (its thresholds scale with its heartbeat pace). */
  probeTimeoutMs(id: string): number {
    return this.registry.paceOf(id) * (this.options.deadAfterMs - this.options.suspectAfterMs) + this.stretchMs();
  }

  /**
   * Dead once the silence passed `deadAfterMs` (stretched) and no probe is pending; a pending probe
   * holds the death at most one probe timeout longer (a long queue must not keep the dead alive).
   */
  mayDeclareDead(id: string, silenceMs: number): boolean {
    const due = this.registry.paceOf(id) * this.options.deadAfterMs + this.stretchMs();
    if (silenceMs < due) return false;
    return !this.pending.has(id) || silenceMs >= due + this.probeTimeoutMs(id);
  }

  private noted(change: RegistryChange): void {
    if (change.type === 'deregistered') this.streaks.delete(change.nodeId);
    if (change.type !== 'status-changed') return;
    if (change.status === 'dead' && change.cause === 'silence') this.counts.deathsBySilence++;
    if (change.status === 'suspect' && this.registry.get(change.nodeId)?.kind === 'peerscope') this.enqueue(change.nodeId);
  }

  private enqueue(id: string): void {
    if (this.pending.has(id)) return;
    this.pending.add(id);
    this.queue.push(id);
    this.drain();
  }

  private drain(): void {
    const concurrency = this.options.crowded?.() ? Math.min(CROWDED_CONCURRENCY, this.concurrency) : this.concurrency;
    while (this.inFlight < concurrency && this.queue.length > 0) void this.run(this.queue.shift()!);
  }

  private async run(id: string): Promise<void> {
    const node = this.registry.get(id);
    // A heartbeat that came while it waited already settled it.
    if (node?.status !== 'suspect') return this.settled(id);
    this.inFlight++;
    let outcome: ProbeOutcome;
    try {
      outcome = await this.probe(id, node.url, this.probeTimeoutMs(id));
    } catch {
      outcome = 'unanswered';
    }
    this.inFlight--;
    this.apply(id, node.url, outcome);
    this.settled(id);
  }

  private settled(id: string): void {
    this.pending.delete(id);
    this.drain();
  }

  /** Acts on the outcome if the node is still the suspect that was probed (same url, not settled meanwhile). */
  private apply(id: string, url: string, outcome: ProbeOutcome): void {
    const node = this.registry.get(id);
    if (node?.status !== 'suspect' || node.url !== url) return;
    if (outcome === 'refused') {
      this.counts.deathsConfirmed++;
      this.registry.markGone(id, 'probe-refused');
    } else if (outcome === 'answered' && this.mayClear(id, node.lastSeen)) {
      this.counts.suspicionsCleared++;
      this.registry.markSeen(id, 'probe-answered');
      this.streaks.set(id, { lastSeen: this.registry.get(id)!.lastSeen, clears: (this.streaks.get(id)?.clears ?? 0) + 1 });
    }
  }

  /** False once probes alone kept the node for `maxProbeClears` suspicions with no heartbeat between. */
  private mayClear(id: string, lastSeen: number): boolean {
    const streak = this.streaks.get(id);
    if (streak && streak.lastSeen !== lastSeen) this.streaks.delete(id);
    return (this.streaks.get(id)?.clears ?? 0) < this.maxProbeClears;
  }
}
