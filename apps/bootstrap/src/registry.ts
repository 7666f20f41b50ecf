import type { NodeKind, NodeRecord, NodeStatus, PeerEntry } from '@peerscope/protocol';
import { ApiError, tokensMatch } from '@peerscope/server-kit';

export interface RegistryTimings {
  /** Silence after which a node is suspect. */
  suspectAfterMs: number;
  /** Silence after which a node is dead and leaves the peer lists. */
  deadAfterMs: number;
  /** How long a dead node stays listed (so the dashboard can show it) before it is forgotten. */
  forgetAfterMs: number;
  /** Classic nodes are probed, not heartbeating; their thresholds are at least 2× and 3× this. */
  classicProbeMs: number;
}

export type RegistryChange =
  | { type: 'registered'; node: NodeRecord }
  | { type: 'status-changed'; nodeId: string; status: NodeStatus; previous: NodeStatus }
  | { type: 'deregistered'; nodeId: string; reason: 'left' | 'forgotten' };

export interface Registration {
  url: string;
  id?: string;
  /** Peerscope nodes hold a control token and heartbeat; classic nodes do neither. */
  controlToken?: string;
}

interface Entry extends NodeRecord {
  controlToken?: string;
}

export class IdTakenError extends Error {
  constructor(id: string, url: string) {
    super(`${id} at ${url} is alive and registered by another node; only that node's control token may change it`);
  }
}

/**
 * The course's ids, `node1` … `node1000000`: the only ids the counter hands out, and the only
 * ones that move it. Any other id (`node007`, `node1e+60`, 60 nines) is a plain name: accepted,
 * but it never moves the counter, so no input can push it past safe integers.
 */
export const MAX_COURSE_INDEX = 1_000_000;
const COURSE_ID = /^node([1-9]\d{0,6})$/;

/** The number of a course id within bounds, else undefined. */
export function courseIndexOf(id: string): number | undefined {
  const digits = COURSE_ID.exec(id)?.[1];
  if (digits === undefined) return undefined;
  const index = Number(digits);
  return index <= MAX_COURSE_INDEX ? index : undefined;
}

const byId = new Intl.Collator('en', { numeric: true });

/**
 * Who is in the network and how alive they are. Pure bookkeeping with an injected clock:
 * the HTTP layer, the prober and the sweeper timer drive it from outside.
 */
export class Registry {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: Array<(change: RegistryChange) => void> = [];
  private nextIndex = 1;

  constructor(
    private readonly timings: RegistryTimings,
    private readonly now: () => number = Date.now,
  ) {}

  onChange(listener: (change: RegistryChange) => void): void {
    this.listeners.push(listener);
  }

  /**
   * A fresh id in the course's style (`node7`). Counts up from the highest course id seen, so an
   * id is not handed out twice while the counter lasts; past `node1000000` it wraps to the lowest
   * free one. Bounded: the ids in use are at most the entries, so the search
   * ends after that many steps.
   */
  reserveId(): string {
    const limit = this.entries.size + 1;
    for (let step = 0; step <= limit; step++) {
      if (this.nextIndex > MAX_COURSE_INDEX) this.nextIndex = 1;
      const id = `node${this.nextIndex++}`;
      if (!this.entries.has(id)) return id;
    }
    throw new ApiError('registry_full', `every id from node1 to node${MAX_COURSE_INDEX} is in use`);
  }

  register(registration: Registration): NodeRecord {
    const url = normalizeUrl(registration.url);
    const now = this.now();
    const existing = registration.id !== undefined ? this.entries.get(registration.id) : this.findByUrl(url);
    const holder = this.findByUrl(url);
    for (const other of [existing, holder]) {
      if (other && this.isGuarded(other, url, registration.controlToken)) throw new IdTakenError(other.id, other.url);
    }
    const id = existing?.id ?? registration.id ?? this.reserveId();
    this.noteId(id);
    // Whoever held this address before is gone: addresses are reused (ports, container IPs).
    if (holder && holder.id !== id) this.remove(holder.id, 'forgotten');
    const kind: NodeKind = registration.controlToken ? 'peerscope' : 'classic';
    const changed = !existing || existing.url !== url || existing.status !== 'alive' || existing.kind !== kind;
    const entry: Entry = {
      id,
      url,
      kind,
      status: 'alive',
      registeredAt: changed ? now : existing.registeredAt,
      lastSeen: now,
      ...(registration.controlToken && { controlToken: registration.controlToken }),
    };
    this.entries.set(id, entry);
    if (changed) this.emit({ type: 'registered', node: toRecord(entry) });
    return toRecord(entry);
  }

  /** A heartbeat from a peerscope node; only its own control token may vouch for it. */
  heartbeat(id: string, controlToken: string | undefined): NodeRecord | 'unknown' | 'unauthorized' {
    const entry = this.entries.get(id);
    if (!entry) return 'unknown';
    if (!sameToken(entry.controlToken, controlToken) || !entry.controlToken) return 'unauthorized';
    this.markSeen(id);
    return toRecord(entry);
  }

  /** Evidence of life from any source: a heartbeat or a successful probe. */
  markSeen(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.lastSeen = this.now();
    this.setStatus(entry, 'alive');
  }

  /** The node's process is known to be gone (crashed, about to be restarted): dead now, not after the silence. */
  markGone(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.setStatus(entry, 'dead');
  }

  deregister(id: string, controlToken?: string): boolean | 'unauthorized' {
    const entry = this.entries.get(id);
    if (!entry) return false;
    // Classic nodes have no token and cannot leave this way; silence removes them.
    if (!entry.controlToken || !sameToken(entry.controlToken, controlToken)) return 'unauthorized';
    this.remove(id, 'left');
    return true;
  }

  /** Moves silent nodes to suspect, then dead, and forgets long-dead ones. */
  sweep(): void {
    const now = this.now();
    for (const entry of [...this.entries.values()]) {
      const silence = now - entry.lastSeen;
      const { suspectAfterMs, deadAfterMs } = this.thresholds(entry.kind);
      if (silence >= deadAfterMs + this.timings.forgetAfterMs) this.remove(entry.id, 'forgotten');
      else if (silence >= deadAfterMs) this.setStatus(entry, 'dead');
      else if (silence >= suspectAfterMs && entry.status === 'alive') this.setStatus(entry, 'suspect');
    }
  }

  get(id: string): NodeRecord | undefined {
    const entry = this.entries.get(id);
    return entry && toRecord(entry);
  }

  controlTokenOf(id: string): string | undefined {
    return this.entries.get(id)?.controlToken;
  }

  findByUrl(url: string): Entry | undefined {
    const wanted = normalizeUrl(url);
    for (const entry of this.entries.values()) if (entry.url === wanted) return entry;
    return undefined;
  }

  /** Every entry, in id order (`node2` before `node10`). */
  list(): NodeRecord[] {
    return this.sorted().map(toRecord);
  }

  /** The nodes a peer may talk to (dead ones leave at once), without the asking node itself. */
  peersOf(selfId?: string): PeerEntry[] {
    const peers: PeerEntry[] = [];
    for (const { id, url, kind, status } of this.sorted()) {
      if (id !== selfId && status !== 'dead') peers.push({ id, url, kind, status });
    }
    return peers;
  }

  private sorted(): Entry[] {
    return [...this.entries.values()].sort((a, b) => byId.compare(a.id, b.id));
  }

  /**
   * A live entry holding a control token, or living at another address, can only be changed by
   * whoever holds its token: registration is open, so this is what stops one node evicting another.
   */
  private isGuarded(entry: Entry, url: string, controlToken: string | undefined): boolean {
    if (entry.status === 'dead') return false;
    const holdsToken = entry.controlToken !== undefined && sameToken(entry.controlToken, controlToken);
    // Moving a live node needs its token (a classic node, having none, cannot be moved).
    if (entry.url !== url) return !holdsToken;
    return entry.controlToken !== undefined && !holdsToken;
  }

  private thresholds(kind: NodeKind) {
    const { suspectAfterMs, deadAfterMs, classicProbeMs } = this.timings;
    if (kind === 'peerscope') return { suspectAfterMs, deadAfterMs };
    return { suspectAfterMs: Math.max(suspectAfterMs, 2 * classicProbeMs), deadAfterMs: Math.max(deadAfterMs, 3 * classicProbeMs) };
  }

  private setStatus(entry: Entry, status: NodeStatus): void {
    if (entry.status === status) return;
    const previous = entry.status;
    entry.status = status;
    this.emit({ type: 'status-changed', nodeId: entry.id, status, previous });
  }

  private remove(id: string, reason: 'left' | 'forgotten'): void {
    if (this.entries.delete(id)) this.emit({ type: 'deregistered', nodeId: id, reason });
  }

  /** Keeps `reserveId` ahead of ids that nodes bring back with them (after a restart). */
  noteId(id: string): void {
    const index = courseIndexOf(id);
    if (index !== undefined) this.nextIndex = Math.max(this.nextIndex, index + 1);
  }

  private emit(change: RegistryChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function toRecord({ id, url, kind, status, registeredAt, lastSeen }: Entry): NodeRecord {
  return { id, url, kind, status, registeredAt, lastSeen };
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return tokensMatch(a, b);
}

/** One spelling per address, so `http://a:1/` and `http://a:1` are the same node. */
export function normalizeUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
