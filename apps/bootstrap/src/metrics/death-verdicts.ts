import type { Registry } from '../registry.js';

/** A true death: the node was really gone. A false one: a node that was still there, declared dead by its silence alone. */
export type DeathVerdict = 'true' | 'false';

/**
 * Tells true deaths from false ones, as bench/scale.ts does from outside (it knows which nodes it
 * crashed) and the registry does from inside (what moved the status). A death is true when this
 * bootstrap crashed, paused or removed the node (`doomed`), when its runtime lost it with its host,
 * or when its probe was refused (nothing listens at its address any more: it crashed, or someone
 * killed it by hand); it is false when silence alone decided it, for a node nobody stopped (a slow
 * node, a starved machine). A node that is alive again is no longer doomed.
 */
export class DeathVerdicts {
  /** Nodes this bootstrap crashed, paused or removed, until they are alive again, dead, or gone. */
  private readonly doomed = new Set<string>();

  constructor(registry: Registry, onDeath: (verdict: DeathVerdict) => void) {
    registry.onChange((change) => {
      if (change.type === 'deregistered') this.doomed.delete(change.nodeId);
      if (change.type !== 'status-changed') return;
      if (change.status === 'alive') this.doomed.delete(change.nodeId);
      if (change.status !== 'dead') return;
      const gone = this.doomed.delete(change.nodeId) || change.cause === 'gone' || change.cause === 'probe-refused';
      onDeath(gone ? 'true' : 'false');
    });
  }

  /** The node is being crashed, paused or removed by this bootstrap: its death, if it comes, is a true one. */
  doom(id: string): void {
    this.doomed.add(id);
  }
}
