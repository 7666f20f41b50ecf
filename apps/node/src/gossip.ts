import { randomUUID } from 'node:crypto';
import type { ControlGossipRequest, GossipStarted, PeerEntry } from '@peerscope/protocol';
import { displayId, type Identity } from './identity.js';
import type { MessageTags } from './event-marks.js';
import type { Messenger } from './messenger.js';
import type { PeerBook } from './peer-book.js';

export type GossipHop = NonNullable<MessageTags['gossip']>;

export interface GossipDeps {
  identity: Identity;
  peers: PeerBook;
  messenger: Messenger;
  /** How many gossip ids to remember (the oldest are forgotten first). */
  seenCapacity?: number;
}

/**
 * Flooding with a TTL over the overlay's neighbour links, each node passing a gossip on once:
 * the origin sends it to `fanout` random neighbours; a node seeing it for the first time keeps
 * it and forwards it to `fanout` random neighbours other than the sender and the origin, one hop
 * fewer, while hops remain. Each hop is an ordinary message (own id, own telemetry, faults apply).
 */
export class Gossip {
  private readonly seen: SeenIds;

  constructor(private readonly deps: GossipDeps) {
    this.seen = new SeenIds(deps.seenCapacity ?? 10_000);
  }

  /** Starts a gossip from this node; it spreads in the background. */
  start(request: ControlGossipRequest): GossipStarted {
    const { identity, peers } = this.deps;
    const id = request.id ?? randomUUID();
    const origin = displayId(identity);
    this.seen.add(id);
    this.spread(request.text, pick(peers.neighbours(), request.fanout), { id, origin, ttl: request.ttl - 1, hop: 1, fanout: request.fanout });
    return { id, from: origin, ttl: request.ttl, fanout: request.fanout };
  }

  /** True the first time this node sees the gossip `id` (and remembers it), false after. */
  firstSight(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  /** Passes on a gossip this node has just received from `from`, if it has hops left. */
  forward(text: string, from: string | undefined, hop: GossipHop): void {
    if (hop.ttl <= 0) return;
    const candidates = this.deps.peers.neighbours().filter((p) => p.id !== from && p.id !== hop.origin);
    this.spread(text, pick(candidates, hop.fanout), { ...hop, ttl: hop.ttl - 1, hop: hop.hop + 1 });
  }

  private spread(text: string, targets: PeerEntry[], gossip: GossipHop): void {
    // Each send reports its own outcome and never rejects.
    for (const peer of targets) void this.deps.messenger.sendTo(peer, text, { gossip });
  }
}

/** Up to `count` entries of `entries`, chosen at random (a partial Fisher-Yates shuffle). */
export function pick<T>(entries: T[], count: number): T[] {
  const pool = [...entries];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i += 1) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** A set of ids bounded in size: past `capacity`, the oldest id is forgotten. */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }

  get size(): number {
    return this.ids.size;
  }
}
