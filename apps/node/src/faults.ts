import type { LinkFault, NodeFaults } from '@peerscope/protocol';

const NO_FAULTS: NodeFaults = { blockedTo: [], blockedFrom: [], links: [] };

/**
 * This node's share of the faults a person injected (the bootstrap sends it whole with
 * `PUT /control/faults`). Lookups are Set and Map reads, and `active` is false when there is
 * nothing at all, so a healthy node pays one boolean check per message.
 */
export class Faults {
  private applied: NodeFaults = NO_FAULTS;
  private blockedToIds = new Set<string>();
  private blockedFromIds = new Set<string>();
  private linkByPeer = new Map<string, LinkFault>();
  private linkToAll: LinkFault | undefined;
  /** Whether any fault is in force. */
  active = false;

  /** Replaces the whole state; answers it as applied (later rules for the same link win). */
  replace(faults: NodeFaults): NodeFaults {
    const links = new Map<string, NodeFaults['links'][number]>();
    for (const rule of faults.links) links.set(rule.to ?? '', rule);
    this.applied = { blockedTo: [...new Set(faults.blockedTo)], blockedFrom: [...new Set(faults.blockedFrom)], links: [...links.values()] };
    this.blockedToIds = new Set(this.applied.blockedTo);
    this.blockedFromIds = new Set(this.applied.blockedFrom);
    this.linkByPeer = new Map();
    this.linkToAll = undefined;
    for (const { to, latencyMs, jitterMs, lossPct } of this.applied.links) {
      if (to === undefined) this.linkToAll = { latencyMs, jitterMs, lossPct };
      else this.linkByPeer.set(to, { latencyMs, jitterMs, lossPct });
    }
    this.active = this.blockedToIds.size > 0 || this.blockedFromIds.size > 0 || this.applied.links.some(isFaulty);
    return this.current();
  }

  current(): NodeFaults {
    return structuredClone(this.applied);
  }

  isBlockedTo(peerId: string): boolean {
    return this.blockedToIds.has(peerId);
  }

  isBlockedFrom(peerId: string): boolean {
    return this.blockedFromIds.has(peerId);
  }

  /** The fault on the link to `peerId`: its own rule if it has one, else the rule for every link. */
  linkTo(peerId: string): LinkFault | undefined {
    return this.linkByPeer.get(peerId) ?? this.linkToAll;
  }
}

const isFaulty = (link: LinkFault) => link.latencyMs > 0 || link.jitterMs > 0 || link.lossPct > 0;

/** How long one message waits on a link: latency ± uniform jitter, never below zero. */
export function linkDelayMs(link: LinkFault, random = Math.random): number {
  return Math.max(0, link.latencyMs + (random() * 2 - 1) * link.jitterMs);
}

/** Whether one message is dropped on a link. */
export function isLost(link: LinkFault, random = Math.random): boolean {
  return link.lossPct > 0 && random() * 100 < link.lossPct;
}
