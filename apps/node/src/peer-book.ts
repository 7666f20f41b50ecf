import type { PeerEntry } from '@peerscope/protocol';

/** This node's view of the others, as the bootstrap last described them. */
export class PeerBook {
  private byId = new Map<string, PeerEntry>();

  replace(entries: PeerEntry[], selfId: string | undefined): void {
    this.byId = new Map(entries.filter((e) => e.id !== selfId).map((e) => [e.id, e]));
  }

  /** The peers a message may go to: everyone the bootstrap does not consider dead. */
  reachable(): PeerEntry[] {
    return [...this.byId.values()].filter((e) => e.status !== 'dead');
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
