import type { PeerEntry } from '@peerscope/protocol';

/** This node's view of the others, as the bootstrap last described them. */
export class PeerBook {
  private byId = new Map<string, PeerEntry>();
  /** This node's overlay neighbours; undefined in a full mesh, where every peer is one. */
  private neighbourIds: string[] | undefined;

  /** Takes the bootstrap's latest answer: the peers, and the neighbours when it named them. */
  replace(entries: PeerEntry[], selfId: string | undefined, neighbours?: string[]): void {
    this.byId = new Map(entries.filter((e) => e.id !== selfId).map((e) => [e.id, e]));
    this.neighbourIds = neighbours?.filter((id) => id !== selfId);
  }

  /** The peers a message may go to: everyone the bootstrap does not consider dead. */
  reachable(): PeerEntry[] {
    return [...this.byId.values()].filter((e) => e.status !== 'dead');
  }

  /** The reachable peers that broadcast and gossip go to: this node's overlay neighbours. */
  neighbours(): PeerEntry[] {
    if (this.neighbourIds === undefined) return this.reachable();
    const entries: PeerEntry[] = [];
    for (const id of this.neighbourIds) {
      const entry = this.byId.get(id);
      if (entry && entry.status !== 'dead') entries.push(entry);
    }
    return entries;
  }

  /** Finds a peer by id, or by url for callers that only know addresses (the classic way). */
  find(idOrUrl: string): PeerEntry | undefined {
    const byId = this.byId.get(idOrUrl);
    if (byId) return byId;
    const url = idOrUrl.replace(/\/+$/, '');
    for (const entry of this.byId.values()) if (entry.url === url) return entry;
    return undefined;
  }
}
