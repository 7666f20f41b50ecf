import type { PeerEntry, PeerListChanges } from '@peerscope/protocol';

/** Which of the bootstrap's peer lists an answer is: its run (epoch) and version. */
export interface ListVersion {
  epoch: string;
  version: number;
}

/**
 * The bootstrap's peer list as last heard, every entry (a node's own too) with the version it is
 * at. A node owns one; a pool host gives one to all its nodes, so a change is read once per host
 * rather than once per node (a thousand nodes joining each read the whole list: the pool's join
 * was mostly JSON, validation and garbage of the same list, a million entries in all).
 *
 * Answers may come back out of order (each node asks on its own): a list only moves forward in
 * its epoch. Changes since a version the list has already passed are a superset of what it
 * lacks (each id's latest state), so applying newer changes to it is still exact.
 */
export class PeerList {
  readonly byId = new Map<string, PeerEntry>();
  /** Undefined until a versioned answer (and for lists made by hand, as a course bootstrap's). */
  held: ListVersion | undefined;
  /** Settles when the registration fetching the whole list for this (empty) list has its answer or gives up. */
  private fetching: Promise<void> | undefined;

  /**
   * For a registration while the list holds nothing. The first caller gets `release` and asks for
   * the whole list (then calls it, answered or not); the others get `wait` and register once it
   * settles, holding what that answer brought. A host's nodes starting together would otherwise
   * each be sent, and each read, the whole list.
   */
  fetchWhole(): { wait: Promise<void> } | { release: () => void } {
    if (this.fetching) return { wait: this.fetching };
    let release = () => {};
    this.fetching = new Promise<void>((resolve) => (release = resolve)).finally(() => (this.fetching = undefined));
    return { release };
  }

  /** A full list; one from an older version of the same run is already superseded and ignored. */
  replace(entries: readonly PeerEntry[], at?: ListVersion): void {
    if (at && this.held?.epoch === at.epoch && this.held.version >= at.version) return;
    this.byId.clear();
    for (const entry of entries) this.byId.set(entry.id, entry);
    this.held = at;
  }

  /** The changes after a version this list held (or has passed) up to `at`; ignored unless they move it forward. */
  apply(changes: PeerListChanges, at?: ListVersion): void {
    if (at && (!this.held || this.held.epoch !== at.epoch || this.held.version >= at.version)) return;
    for (const id of changes.removed) this.byId.delete(id);
    for (const entry of changes.upserts) this.byId.set(entry.id, entry);
    if (at) this.held = at;
  }
}
