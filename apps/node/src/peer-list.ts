import type { PeerEntry, PeerListChanges } from '@peerscope/protocol';

/** Which of the bootstrap's peer lists an answer is: its run (epoch) and version. */
export interface ListVersion {
  epoch: string;
  version: number;
}

/** A pool host's nodes registering at once, once their shared list holds something. */
export const REGISTRATIONS_AT_ONCE = 8;

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
  /** Registrations in flight, and those waiting their turn (see `registrationTurn`). */
  private registering = 0;
  private readonly waiting: Array<() => void> = [];

  /**
   * Waits for a turn to register; the caller calls the function it resolves with when its
   * registration is over, answered or not. The nodes sharing this list (a pool host's) register a
   * few at a time, and while the list holds nothing one at a time: that one fetches the whole list,
   * the others then ask for what moved since. Unbounded, a host's 250 nodes starting together each
   * fetched (and read) the whole list, and two thousand registrations at once overflowed the bootstrap.
   */
  async registrationTurn(): Promise<() => void> {
    while (this.registering >= (this.held ? REGISTRATIONS_AT_ONCE : 1)) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.registering++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.registering--;
      // Everyone waiting looks again: once the list is held, several may go.
      for (const next of this.waiting.splice(0)) next();
    };
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
