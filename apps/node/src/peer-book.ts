import type { PeerEntry, PeerListChanges } from '@peerscope/protocol';

/** This node's view of the others, as the bootstrap last described them. */
export class PeerBook {
  private byId = new Map<string, PeerEntry>();
  /** This node's overlay neighbours; undefined in a full mesh, where every peer is one. */
  private neighbourIds: string[] | undefined;

  /** Takes the bootstrap's latest full answer: the peers, and the neighbours when it named them. */
  replace(entries: readonly PeerEntry[], selfId: string | undefined, neighbours?: readonly string[]): void {
    this.replacePeers(entries, selfId);
    this.setNeighbours(neighbours ?? null, selfId);
  }

  /** Takes a full peer list, keeping the neighbours as they are. */
  replacePeers(entries: readonly PeerEntry[], selfId: string | undefined): void {
    this.byId = new Map(entries.filter((e) => e.id !== selfId).map((e) => [e.id, e]));
  }

  /** Applies what moved in the peer list since the version this book holds. */
  apply(changes: PeerListChanges, selfId: string | undefined): void {
    for (const id of changes.removed) this.byId.delete(id);
    for (const entry of changes.upserts) if (entry.id !== selfId) this.byId.set(entry.id, entry);
  }

  /** This node's overlay neighbours; `null` is a full mesh (every peer is one). */
  setNeighbours(neighbours: readonly string[] | null, selfId: string | undefined): void {
    this.neighbourIds = neighbours?.filter((id) => id !== selfId);
  }

  /** Every peer, dead ones included, in no particular order (for tests and comparisons). */
  all(): PeerEntry[] {
    return [...this.byId.values()];
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
