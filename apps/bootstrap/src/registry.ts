import type { NodeKind, NodeRecord, NodeStatus, PeerEntry } from '@peerscope/protocol';
import { ApiError, tokensMatch } from '@peerscope/server-kit';
import { addressKeys, normalizeUrl, sameAddress } from './node-address.js';
import { PeerListLog } from './peer-list-log.js';

export interface RegistryTimings {
  /** Silence after which a node is suspect. */
  suspectAfterMs: number;
  /** Silence after which a node is dead and leaves the peer lists. */
  deadAfterMs: number;
  /** How long a dead node stays listed (so the dashboard can show it) before it is forgotten. */
  forgetAfterMs: number;
  /** Classic nodes are probed, not heartbeating; their thresholds are at least 2× and 3× this. */
  classicProbeMs: number;
  /**
   * The most time one gap between sweeps counts toward a node's silence. A longer gap is the
   * bootstrap itself stalled (a starved machine, a long pause): the heartbeats of that time wait
   * unread in its sockets, so it must not blame the nodes for it. Unset: every gap counts in full.
   */
  sweepGapMs?: number;
  /** The heartbeat interval at the base pace (up to `NODES_PER_PACE` nodes). Unset: 1 s. */
  heartbeatMs?: number;
}

/**
 * Up to this many nodes heartbeat at the base interval; past it the interval doubles each time the
 * list doubles, so one bootstrap takes about this many heartbeats a second however large the
 * network (two thousand nodes at a beat a second saturated it and the machine, and late beats
 * made suspicions, probes and more lateness). Each node's silences are judged by the pace it was told.
 */
export const NODES_PER_PACE = 1_000;

export interface RegistryLimits {
  /** Most entries, of any kind; nodes this bootstrap starts (claimed ids) are let in past it. */
  maxRegistered: number;
  /** Most classic entries (no token, probed by the bootstrap). */
  maxClassic: number;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryLimits = { maxRegistered: 2_000, maxClassic: 200 };

/** A dead classic node is forgotten after at most this long: probing the dead costs the bootstrap. */
export const CLASSIC_FORGET_AFTER_MS = 30_000;

/** What moved a status: the node's own heartbeat, the bootstrap's probe, its silence, or its runtime. */
export type StatusCause = 'heartbeat' | 'probe-answered' | 'probe-refused' | 'silence' | 'gone';

export type RegistryChange =
  | { type: 'registered'; node: NodeRecord }
  | { type: 'status-changed'; nodeId: string; status: NodeStatus; previous: NodeStatus; cause: StatusCause }
  | { type: 'deregistered'; nodeId: string; reason: 'left' | 'forgotten' };

export interface Registration {
  url: string;
  id?: string;
  /** Peerscope nodes hold a control token and heartbeat; classic nodes do neither. */
  controlToken?: string;
  /** The addresses the url's host resolved to (the url policy's lookup); compared, never shown. */
  addresses?: readonly string[];
}

/** A registry entry as the bootstrap's state log keeps it. */
export interface SavedEntry {
  id: string;
  url: string;
  kind: NodeKind;
  registeredAt: number;
  keys: string[];
  controlToken?: string;
}

interface Entry extends NodeRecord {
  controlToken?: string;
  /** When it was last seen, on the registry's watched clock (see `sweepGapMs`). */
  seenAt: number;
  /** `scheme://address:port` of each address the url resolved to: what makes two urls one node. */
  keys: string[];
  /** The heartbeat pace this node was last told (see `tellHeartbeatMs`); its silences are judged by it. */
  pace?: number;
}

/**
 * Asked before a silent peerscope node is declared dead (the failure detector: a probe still in
 * flight, or the bootstrap's own lag, may hold the death back). Unset: dead at `deadAfterMs`.
 */
export type DeathGate = (id: string, silenceMs: number) => boolean;

export class IdTakenError extends Error {
  constructor(id: string, url: string, why = 'is alive and registered by another node') {
    super(`${id} at ${url} ${why}; only that node's control token may change it`);
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
  /** The entry holding each address key, and each shown url: lookups without a scan. */
  private readonly byKey = new Map<string, string>();
  private readonly byUrl = new Map<string, string>();
  private classicCount = 0;
  private sortedCache: Entry[] | undefined;
  /** The peer list nodes are told about, versioned, with the changes since each version. */
  readonly peerList: PeerListLog;
  private deathGate: DeathGate | undefined;
  /** Ids this bootstrap's runtime runs, each with the token it gave the node: no one else may register them. */
  private readonly claims = new Map<string, string>();
  private readonly listeners: Array<(change: RegistryChange) => void> = [];
  private readonly limits: RegistryLimits;
  private nextIndex = 1;
  /** Time the registry was awake to watch, in ms: wall time less what stalls beyond `sweepGapMs` took. */
  private watched = 0;
  private lastSweepAt: number;

  constructor(
    private readonly timings: RegistryTimings & Partial<RegistryLimits> & { peerListLogLimit?: number; peerListPublishMs?: number },
    private readonly now: () => number = Date.now,
  ) {
    this.peerList = new PeerListLog(timings.peerListLogLimit, timings.peerListPublishMs);
    this.lastSweepAt = now();
    this.limits = {
      maxRegistered: timings.maxRegistered ?? DEFAULT_REGISTRY_LIMITS.maxRegistered,
      maxClassic: timings.maxClassic ?? DEFAULT_REGISTRY_LIMITS.maxClassic,
    };
  }

  onChange(listener: (change: RegistryChange) => void): void {
    this.listeners.push(listener);
  }

  /** Lets the failure detector hold back the death of a silent peerscope node. */
  setDeathGate(gate: DeathGate): void {
    this.deathGate = gate;
  }

  /**
   * A fresh id in the course's style (`node7`). Counts up from the highest course id seen, so an
   * id is not handed out twice while the counter lasts; past `node1000000` it wraps to the lowest
   * free one. Bounded: the ids in use are at most the entries and claims, so the search
   * ends after that many steps.
   */
  reserveId(): string {
    const limit = this.entries.size + this.claims.size + 1;
    for (let step = 0; step <= limit; step++) {
      if (this.nextIndex > MAX_COURSE_INDEX) this.nextIndex = 1;
      const id = `node${this.nextIndex++}`;
      if (!this.entries.has(id) && !this.claims.has(id)) return id;
    }
    throw new ApiError('registry_full', `every id from node1 to node${MAX_COURSE_INDEX} is in use`);
  }

  /**
   * Reserves `id` for a node this bootstrap's runtime starts with `controlToken`: until the entry
   * is removed, only that token may register the id (or take the address of a claimed entry).
   */
  claim(id: string, controlToken: string): void {
    this.claims.set(id, controlToken);
  }

  release(id: string): void {
    this.claims.delete(id);
  }

  /** True when `id` is claimed by exactly this token (a node the runtime started, joining). */
  isClaimedBy(id: string | undefined, controlToken: string | undefined): boolean {
    const claim = id === undefined ? undefined : this.claims.get(id);
    return claim !== undefined && sameToken(claim, controlToken);
  }

  register(registration: Registration): NodeRecord {
    const given = normalizeUrl(registration.url);
    const keys = addressKeys(given, registration.addresses);
    const token = registration.controlToken;
    const now = this.now();
    const holder = this.findByKeys(keys);
    const existing = registration.id !== undefined ? this.entries.get(registration.id) : holder;
    for (const other of [existing, holder]) {
      if (other && this.isGuarded(other, keys, token)) throw new IdTakenError(other.id, other.url);
    }
    const id = existing?.id ?? registration.id ?? this.reserveId();
    const claimed = this.isClaimedBy(id, token);
    // A claimed id, or the address of a claimed entry, belongs to the node the runtime started.
    for (const other of [id, holder?.id]) {
      if (other !== undefined && this.claims.has(other) && !claimed && !this.isClaimedBy(other, token)) {
        throw new IdTakenError(other, holder?.id === other ? holder.url : given, 'is run by this bootstrap');
      }
    }
    // The same address spelled another way (`localhost` for `127.0.0.1`) keeps the url it was shown with.
    const url = existing && sameAddress(existing.keys, keys) ? existing.url : given;
    const kind: NodeKind = token ? 'peerscope' : 'classic';
    const displaced = holder && holder.id !== id ? holder : undefined;
    if (!existing && !displaced && !claimed) this.makeRoom(this.entries.size, this.limits.maxRegistered, 'PEERSCOPE_MAX_REGISTERED', () => true);
    if (kind === 'classic' && existing?.kind !== 'classic' && displaced?.kind !== 'classic') {
      this.makeRoom(this.countClassic(), this.limits.maxClassic, 'PEERSCOPE_MAX_CLASSIC', (e) => e.kind === 'classic');
    }
    this.noteId(id);
    // Whoever held this address before is gone: addresses are reused (ports, container IPs).
    if (displaced) this.remove(displaced.id, 'forgotten');
    const changed = !existing || existing.url !== url || existing.status !== 'alive' || existing.kind !== kind;
    const entry: Entry = {
      id,
      url,
      kind,
      status: 'alive',
      registeredAt: changed ? now : existing.registeredAt,
      lastSeen: now,
      seenAt: this.watchedNow(),
      keys,
      ...(token && { controlToken: token }),
    };
    this.put(entry);
    if (changed) this.emit({ type: 'registered', node: toRecord(entry) });
    return toRecord(entry);
  }

  /** The entries worth keeping across a restart (not the dead), as saved in the bootstrap's state log. */
  saved(): SavedEntry[] {
    // In no particular order: this runs at every checkpoint, and sorting two thousand ids each time was most of one.
    return [...this.entries.values()]
      .filter((entry) => entry.status !== 'dead')
      .map(({ id, url, kind, registeredAt, controlToken, keys }) => ({ id, url, kind, registeredAt, keys, ...(controlToken && { controlToken }) }));
  }

  /**
   * Takes back the entries an earlier run saved, each `alive` with a fresh liveness grace period
   * (seen now): they were alive when saved, and silence counts only from here, so a restored
   * network does not all go suspect at once; a node that died meanwhile goes the usual way.
   */
  restore(entries: readonly SavedEntry[]): void {
    const now = this.now();
    for (const saved of entries) {
      if (this.entries.has(saved.id)) continue;
      this.noteId(saved.id);
      const entry: Entry = { ...saved, status: 'alive', lastSeen: now, seenAt: this.watchedNow() };
      this.put(entry);
      this.emit({ type: 'registered', node: toRecord(entry) });
    }
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
  markSeen(id: string, cause: StatusCause = 'heartbeat'): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.lastSeen = this.now();
    entry.seenAt = this.watchedNow();
    this.setStatus(entry, 'alive', cause);
  }

  /** The node's process is known to be gone (crashed, about to be restarted, refused a probe): dead now, not after the silence. */
  markGone(id: string, cause: StatusCause = 'gone'): void {
    const entry = this.entries.get(id);
    if (entry) this.setStatus(entry, 'dead', cause);
  }

  /** Forgets a dead entry now rather than after `forgetAfterMs` (someone removed it); false if it is not dead. */
  forgetDead(id: string): boolean {
    if (this.entries.get(id)?.status !== 'dead') return false;
    this.remove(id, 'forgotten');
    return true;
  }

  /**
   * Forgets a course node's entry now, alive or not (someone removed it): its process is not ours
   * to stop, and a course node has no token to leave with. It comes back if it registers again.
   * False if `id` is not a course node.
   */
  forgetClassic(id: string): boolean {
    if (this.entries.get(id)?.kind !== 'classic') return false;
    this.remove(id, 'forgotten');
    return true;
  }

  deregister(id: string, controlToken?: string): boolean | 'unauthorized' {
    const entry = this.entries.get(id);
    if (!entry) return false;
    // Classic nodes have no token and cannot leave this way; silence removes them.
    if (!entry.controlToken || !sameToken(entry.controlToken, controlToken)) return 'unauthorized';
    this.remove(id, 'left');
    return true;
  }

  /** The heartbeat pace for a network of this size: 1 up to `NODES_PER_PACE` nodes listed, then 2, 4, 8… */
  paceNow(): number {
    const listed = this.peerList.size;
    return listed <= NODES_PER_PACE ? 1 : 2 ** Math.ceil(Math.log2(listed / NODES_PER_PACE));
  }

  /** The interval to tell a node now (in its register or heartbeat answer); its silences are judged by it from here on. */
  tellHeartbeatMs(id: string): number {
    const pace = this.paceNow();
    const entry = this.entries.get(id);
    if (entry) entry.pace = pace;
    return pace * (this.timings.heartbeatMs ?? 1_000);
  }

  /** The pace a node was last told (1 for one never told). */
  paceOf(id: string): number {
    return this.entries.get(id)?.pace ?? 1;
  }

  /** Moves silent nodes to suspect, then dead, and forgets long-dead ones. */
  sweep(): void {
    this.watched = this.watchedNow();
    this.lastSweepAt = this.now();
    for (const entry of [...this.entries.values()]) {
      const silence = this.watched - entry.seenAt;
      const { suspectAfterMs, deadAfterMs, forgetAfterMs } = this.thresholds(entry);
      if (silence >= deadAfterMs + forgetAfterMs) this.remove(entry.id, 'forgotten');
      else if (silence >= deadAfterMs && entry.status !== 'dead' && this.mayDeclareDead(entry, silence)) this.setStatus(entry, 'dead', 'silence');
      else if (silence >= suspectAfterMs && entry.status === 'alive') this.setStatus(entry, 'suspect', 'silence');
    }
  }

  private mayDeclareDead(entry: Entry, silence: number): boolean {
    return entry.kind !== 'peerscope' || this.deathGate === undefined || this.deathGate(entry.id, silence);
  }

  /** The watched clock now: the time since the last sweep counts up to `sweepGapMs`. */
  private watchedNow(): number {
    const gap = Math.max(0, this.now() - this.lastSweepAt);
    return this.watched + Math.min(gap, this.timings.sweepGapMs ?? Infinity);
  }

  get(id: string): NodeRecord | undefined {
    const entry = this.entries.get(id);
    return entry && toRecord(entry);
  }

  controlTokenOf(id: string): string | undefined {
    return this.entries.get(id)?.controlToken;
  }

  /** The entry at this url: same origin, or (for an IP literal) the same address. */
  findByUrl(url: string): Entry | undefined {
    const wanted = normalizeUrl(url);
    const id = this.byUrl.get(wanted);
    return (id !== undefined ? this.entries.get(id) : undefined) ?? this.findByKeys(addressKeys(wanted));
  }

  private findByKeys(keys: readonly string[]): Entry | undefined {
    for (const key of keys) {
      const id = this.byKey.get(key);
      if (id !== undefined) return this.entries.get(id);
    }
    return undefined;
  }

  private countClassic(): number {
    return this.classicCount;
  }

  /** Stores an entry and indexes it (replacing what an earlier entry of that id indexed). */
  private put(entry: Entry): void {
    const previous = this.entries.get(entry.id);
    if (previous) this.unindex(previous);
    // The sorted list holds entry objects: a new one for the same id takes the old one's place.
    if (previous && this.sortedCache) this.sortedCache[this.sortedCache.indexOf(previous)] = entry;
    else this.sortedCache = undefined;
    this.entries.set(entry.id, entry);
    for (const key of entry.keys) this.byKey.set(key, entry.id);
    this.byUrl.set(entry.url, entry.id);
    if (entry.kind === 'classic') this.classicCount++;
  }

  private unindex(entry: Entry): void {
    for (const key of entry.keys) if (this.byKey.get(key) === entry.id) this.byKey.delete(key);
    if (this.byUrl.get(entry.url) === entry.id) this.byUrl.delete(entry.url);
    if (entry.kind === 'classic') this.classicCount--;
  }

  /**
   * At a bound, forgets the longest-silent dead entry (of the kind `counts` picks) to make room;
   * an entry whose id is claimed is kept. Refuses with `registry_full` when none is dead.
   */
  private makeRoom(count: number, max: number, setting: string, counts: (entry: Entry) => boolean): void {
    if (count < max) return;
    let oldest: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.status !== 'dead' || !counts(entry) || this.claims.has(entry.id)) continue;
      if (!oldest || entry.lastSeen < oldest.lastSeen) oldest = entry;
    }
    if (!oldest) throw new ApiError('registry_full', `the registry holds ${count} such entries, its most (${setting}); try again when some have left`);
    this.remove(oldest.id, 'forgotten');
  }

  /** Every entry, in id order (`node2` before `node10`). */
  list(): NodeRecord[] {
    return this.sorted().map(toRecord);
  }

  /** The nodes a peer may talk to (dead ones leave at once), without the asking node itself. */
  peersOf(selfId?: string): PeerEntry[] {
    const peers: PeerEntry[] = [];
    for (const { id, url, kind, status } of this.peerList.sorted()) {
      if (id !== selfId) peers.push({ id, url, kind, status });
    }
    return peers;
  }

  /** The entries in id order, sorted again only when an id joins or leaves. */
  private sorted(): Entry[] {
    this.sortedCache ??= [...this.entries.values()].sort((a, b) => byId.compare(a.id, b.id));
    return this.sortedCache;
  }

  /**
   * A live entry can only be changed by whoever holds its token: registration is open, so this is
   * what stops one node evicting or taking over another. A live classic node, having no token,
   * can only be refreshed at its own address by a request without one: nobody can move it, nor
   * make it a peerscope node with a token of their own.
   */
  private isGuarded(entry: Entry, keys: readonly string[], controlToken: string | undefined): boolean {
    if (entry.status === 'dead') return false;
    if (entry.controlToken === undefined) return controlToken !== undefined || !sameAddress(entry.keys, keys);
    return !sameToken(entry.controlToken, controlToken);
  }

  private thresholds({ kind, pace = 1 }: Entry) {
    const { suspectAfterMs, deadAfterMs, forgetAfterMs, classicProbeMs } = this.timings;
    if (kind === 'peerscope') return { suspectAfterMs: pace * suspectAfterMs, deadAfterMs: pace * deadAfterMs, forgetAfterMs };
    return {
      suspectAfterMs: Math.max(suspectAfterMs, 2 * classicProbeMs),
      deadAfterMs: Math.max(deadAfterMs, 3 * classicProbeMs),
      forgetAfterMs: Math.min(forgetAfterMs, CLASSIC_FORGET_AFTER_MS),
    };
  }

  private setStatus(entry: Entry, status: NodeStatus, cause: StatusCause): void {
    if (entry.status === status) return;
    const previous = entry.status;
    entry.status = status;
    this.emit({ type: 'status-changed', nodeId: entry.id, status, previous, cause });
  }

  /** Removes an entry, and the claim on its id: a node that left or was forgotten is not the runtime's to restart. */
  private remove(id: string, reason: 'left' | 'forgotten'): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.unindex(entry);
    this.entries.delete(id);
    this.sortedCache = undefined;
    this.claims.delete(id);
    this.emit({ type: 'deregistered', nodeId: id, reason });
  }

  /** Keeps `reserveId` ahead of ids that nodes bring back with them (after a restart). */
  noteId(id: string): void {
    const index = courseIndexOf(id);
    if (index !== undefined) this.nextIndex = Math.max(this.nextIndex, index + 1);
  }

  /** Tells the peer list first, so every listener sees it current. */
  private emit(change: RegistryChange): void {
    this.notePeerList(change);
    for (const listener of this.listeners) listener(change);
  }

  private notePeerList(change: RegistryChange): void {
    if (change.type === 'deregistered') return this.peerList.remove(change.nodeId);
    const entry = this.entries.get(change.type === 'registered' ? change.node.id : change.nodeId);
    if (!entry || entry.status === 'dead') this.peerList.remove(change.type === 'registered' ? change.node.id : change.nodeId);
    else this.peerList.upsert(entry);
  }
}

function toRecord({ id, url, kind, status, registeredAt, lastSeen }: Entry): NodeRecord {
  return { id, url, kind, status, registeredAt, lastSeen };
}

function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return tokensMatch(a, b);
}
