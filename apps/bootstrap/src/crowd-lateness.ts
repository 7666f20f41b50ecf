import type { Registry, RegistryChange } from './registry.js';

/** Late together: at least this many nodes ... */
export const CROWD_MIN_LATE = 8;
/** ... and at least this share of the live ones. */
export const CROWD_SHARE = 0.1;
/** The stretch grows with the share late (a tenth late: 2 s; half or more: the cap). */
const STRETCH_PER_SHARE_MS = 20_000;
/** Never hold a silent node's death longer than this for the crowd's sake. */
export const MAX_CROWD_STRETCH_MS = 10_000;

/**
 * Lateness many nodes share at once is the machine's, not theirs: on a saturated host every
 * node's heartbeats come late together, and declaring them dead makes each re-register, which
 * loads the machine more (the join's meltdown at 1,000 nodes). So while a crowd of peerscope nodes
 * is suspect at once, silent deaths wait longer. A crash is still found at once (a refused probe
 * needs no waiting); only deaths by silence (a paused node, an unanswered probe) come later.
 */
export class CrowdLateness {
  /** Peerscope nodes not dead: the crowd's size. */
  private readonly live = new Set<string>();
  /** Those among them that are suspect now. */
  private readonly late = new Set<string>();

  constructor(registry: Registry) {
    for (const node of registry.list()) this.note(node.id, node.kind === 'peerscope' ? node.status : undefined);
    registry.onChange((change) => this.noted(registry, change));
  }

  /** How many live nodes are late now, and of how many. */
  counts(): { late: number; live: number } {
    return { late: this.late.size, live: this.live.size };
  }

  /** How much longer silent deaths should wait now, in ms. */
  stretchMs(): number {
    const late = this.late.size;
    if (late < CROWD_MIN_LATE) return 0;
    const share = late / Math.max(1, this.live.size);
    return share < CROWD_SHARE ? 0 : Math.min(MAX_CROWD_STRETCH_MS, Math.round(share * STRETCH_PER_SHARE_MS));
  }

  private noted(registry: Registry, change: RegistryChange): void {
    if (change.type === 'deregistered') return this.note(change.nodeId, undefined);
    const id = change.type === 'registered' ? change.node.id : change.nodeId;
    const node = registry.get(id);
    this.note(id, node?.kind === 'peerscope' ? node.status : undefined);
  }

  /** `status` undefined: not a peerscope node in the registry (gone, or a course node). */
  private note(id: string, status: string | undefined): void {
    if (status === undefined || status === 'dead') {
      this.live.delete(id);
      this.late.delete(id);
      return;
    }
    this.live.add(id);
    if (status === 'suspect') this.late.add(id);
    else this.late.delete(id);
  }
}
