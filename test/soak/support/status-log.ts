// Every status change of every node, from one source (the registry's admin API, or the hub's
// stream), judged against the crashes the soak made: a node may die only while it is crashed.

export type NodeStatus = 'alive' | 'suspect' | 'dead';

export interface StatusChange {
  nodeId: string;
  from: NodeStatus | undefined;
  to: NodeStatus;
  /** Epoch ms: when the source says it happened. */
  at: number;
}

/** From the moment the soak crashed a node to the moment it was seen alive again after its restart. */
interface CrashWindow {
  nodeId: string;
  crashedAt: number;
  /** Infinity while it has not come back. */
  backAt: number;
}

export interface StatusVerdict {
  source: string;
  changes: number;
  /** Deaths of nodes that were not crashed at the time. */
  falseDeaths: StatusChange[];
  /** Suspicions of nodes that were not crashed at the time (each one a heartbeat seen late). */
  falseSuspicions: StatusChange[];
  /** Suspicions of crashed nodes (the detector on its way to dead). */
  crashSuspicions: number;
  /** Per crash: ms from the crash to the first `dead` this source saw (undefined: never). */
  crashToDead: Array<{ nodeId: string; ms: number | undefined }>;
}

export class StatusLog {
  private readonly current = new Map<string, NodeStatus>();
  readonly changes: StatusChange[] = [];

  constructor(readonly source: string) {}

  /** What the source says a node's status is now; a change is logged when it differs. */
  observe(nodeId: string, status: NodeStatus, at: number): void {
    const from = this.current.get(nodeId);
    if (from === status) return;
    this.current.set(nodeId, status);
    // A node's first sighting is not a change (it joined), unless it joined dead or suspect.
    if (from === undefined && status === 'alive') return;
    this.changes.push({ nodeId, from, to: status, at });
  }

  /** The nodes this log has a status for. */
  known(): string[] {
    return [...this.current.keys()];
  }

  /** A node left the registry (forgotten or gone): its next sighting starts afresh. */
  forget(nodeId: string): void {
    this.current.delete(nodeId);
  }

  verdict(crashes: readonly CrashWindow[]): StatusVerdict {
    const crashedAt = (change: StatusChange) => crashes.some((c) => c.nodeId === change.nodeId && change.at >= c.crashedAt && change.at <= c.backAt);
    const deaths = this.changes.filter((c) => c.to === 'dead');
    const suspicions = this.changes.filter((c) => c.to === 'suspect');
    return {
      source: this.source,
      changes: this.changes.length,
      falseDeaths: deaths.filter((c) => !crashedAt(c)),
      falseSuspicions: suspicions.filter((c) => !crashedAt(c)),
      crashSuspicions: suspicions.filter(crashedAt).length,
      crashToDead: crashes.map((crash) => {
        const dead = deaths.find((c) => c.nodeId === crash.nodeId && c.at >= crash.crashedAt && c.at <= crash.backAt);
        return { nodeId: crash.nodeId, ms: dead && dead.at - crash.crashedAt };
      }),
    };
  }
}

export type { CrashWindow };
