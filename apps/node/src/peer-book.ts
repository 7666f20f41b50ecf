import type { PeerEntry, PeerListChanges } from '@peerscope/protocol';
import { PeerList, type ListVersion } from './peer-list.js';

/**
 * This node's view of the others, as the bootstrap last described them: the peer list (its own,
 * or one its pool host shares among its nodes, which is why the node's own entry is left out
 * when read rather than when stored) and this node's overlay neighbours.
 */
export class PeerBook {
  private selfId: string | undefined;
  /** This node's overlay neighbours; undefined in a full mesh, where every peer is one. */
  private neighbourIds: string[] | undefined;

  constructor(readonly list = new PeerList()) {}

  /** Takes the bootstrap's latest full answer: the peers, and the neighbours when it named them. */
  replace(entries: readonly PeerEntry[], selfId: string | undefined, neighbours?: readonly string[], at?: ListVersion): void {
    this.replacePeers(entries, selfId, at);
    this.setNeighbours(neighbours ?? null, selfId);
  }

  /** Takes a full peer list, keeping the neighbours as they are. */
  replacePeers(entries: readonly PeerEntry[], selfId: string | undefined, at?: ListVersion): void {
    this.selfId = selfId;
    // An unversioned list (an older or a stand-in bootstrap) leaves the asker out: in a list shared
    // with other nodes the asker's own entry stays, or their next send to it would find no such peer.
    const own = !at && selfId !== undefined ? this.list.byId.get(selfId) : undefined;
    this.list.replace(own && !entries.some((entry) => entry.id === selfId) ? [...entries, own] : entries, at);
  }

  /** Applies what moved in the peer list since the version it holds. */
  apply(changes: PeerListChanges, selfId: string | undefined, at?: ListVersion): void {
    this.selfId = selfId;
    this.list.apply(changes, at);
  }

  /** This node's overlay neighbours; `null` is a full mesh (every peer is one). */
  setNeighbours(neighbours: readonly string[] | null, selfId: string | undefined): void {
    this.selfId = selfId;
    this.neighbourIds = neighbours?.filter((id) => id !== selfId);
  }

  /** Every peer, dead ones included, in no particular order (for tests and comparisons). */
  all(): PeerEntry[] {
    return this.others((): boolean => true);
  }

  /** The peers a message may go to: everyone the bootstrap does not consider dead. */
  reachable(): PeerEntry[] {
    return this.others((e) => e.status !== 'dead');
  }

  /** The reachable peers that broadcast and gossip go to: this node's overlay neighbours. */
  neighbours(): PeerEntry[] {
    if (this.neighbourIds === undefined) return this.reachable();
    const entries: PeerEntry[] = [];
    for (const id of this.neighbourIds) {
      const entry = this.list.byId.get(id);
      if (entry && entry.status !== 'dead') entries.push(entry);
    }
    return entries;
  }

  /** Finds a peer by id, or by url for callers that only know addresses (the classic way). */
  find(idOrUrl: string): PeerEntry | undefined {
    if (idOrUrl === this.selfId) return undefined;
    const byId = this.list.byId.get(idOrUrl);
    if (byId) return byId;
    const url = idOrUrl.replace(/\/+$/, '');
    for (const entry of this.list.byId.values()) if (entry.url === url && entry.id !== this.selfId) return entry;
    return undefined;
  }

  private others(keep: (entry: PeerEntry) => boolean): PeerEntry[] {
    const entries: PeerEntry[] = [];
    for (const entry of this.list.byId.values()) if (entry.id !== this.selfId && keep(entry)) entries.push(entry);
    return entries;
  }
}
