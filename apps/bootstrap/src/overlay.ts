import type { OverlayKind, OverlayRequest, OverlayState } from '@peerscope/protocol';
import type { Registry, RegistryChange } from './registry.js';

/** Random draws before a partial view falls back to a scan (only when few candidates are left). */
const DRAWS_PER_PICK = 8;

/**
 * Who is whose neighbour. `full`: everyone (the course's mesh). `ring`: the previous and next node
 * in id order. `partial`: k neighbours each, kept while they live and topped up from a random
 * sample as nodes leave; one of them is always the ring successor, so the overlay stays connected
 * (a gossip still needs enough hops, and only peerscope nodes forward it).
 *
 * Versioned like the peer list: `version` moves when any list changes, and each node's list
 * remembers the version it last changed at, so a heartbeat carries a node's neighbours only
 * when they moved. A refresh costs O(n·k): no per-node scan of the whole network.
 */
export class Overlay {
  private kind: OverlayKind = 'full';
  private k = 3;
  private neighbours = new Map<string, string[]>();
  private readonly listeners: Array<(state: OverlayState) => void> = [];
  private current = 0;
  /** The version the kind (or k) was last set at: every node's list changed then. */
  private setAt = 0;
  /** The version each node's list last changed at. */
  private readonly changedAt = new Map<string, number>();

  constructor(
    private readonly registry: Registry,
    private readonly random: () => number = Math.random,
  ) {
    registry.onChange((change) => {
      if (movesMembership(change)) this.refresh();
      if (change.type === 'deregistered') this.changedAt.delete(change.nodeId);
    });
  }

  get version(): number {
    return this.current;
  }

  onChange(listener: (state: OverlayState) => void): void {
    this.listeners.push(listener);
  }

  state(): OverlayState {
    return { kind: this.kind, k: this.k, neighbours: Object.fromEntries(this.neighbours) };
  }

  set({ kind, k }: Required<OverlayRequest>): OverlayState {
    this.kind = kind;
    this.k = k;
    this.neighbours.clear();
    this.setAt = this.current + 1;
    this.refresh(true);
    return this.state();
  }

  /**
   * Takes back the overlay an earlier run saved, its lists as they were (for the nodes the registry
   * holds): a restart of the bootstrap does not redraw anyone's neighbours.
   */
  restore(state: OverlayState): void {
    this.kind = state.kind;
    this.k = state.k;
    const held = new Set(this.registry.peerList.sorted().map((entry) => entry.id));
    this.neighbours = new Map(Object.entries(state.neighbours).filter(([id]) => held.has(id)));
    this.current++;
    this.setAt = this.current;
    for (const listener of this.listeners) listener(this.state());
  }

  /** A node's neighbours, or undefined in a full mesh (every peer is one). */
  neighboursOf(id: string): string[] | undefined {
    return this.kind === 'full' ? undefined : (this.neighbours.get(id) ?? []);
  }

  /**
   * A node's neighbours if they changed after version `held` (`null`: a full mesh), else
   * undefined: the node's list is current.
   */
  neighboursSince(id: string, held: number): string[] | null | undefined {
    const changed = held < this.setAt || held > this.current || (this.changedAt.get(id) ?? 0) > held;
    if (!changed) return undefined;
    return this.neighboursOf(id) ?? null;
  }

  /** Recomputes after membership changed; tells listeners when anything moved. */
  refresh(force = false): void {
    // A full mesh hands out no lists: membership changes move nothing here.
    if (this.kind === 'full' && this.neighbours.size === 0 && !force) return;
    const live = this.registry.peerList.sorted().map((entry) => entry.id);
    const next = new Map<string, string[]>();
    if (this.kind !== 'full') {
      // Each live id's place in id order: lists sort by it without the (slow) collator.
      const rank = new Map(live.map((id, index) => [id, index]));
      for (const [index, id] of live.entries()) next.set(id, this.pick(id, index, live, rank));
    }
    const moved = this.movedIds(next);
    this.neighbours = next;
    if (!force && moved.length === 0) return;
    this.current++;
    for (const id of moved) this.changedAt.set(id, this.current);
    for (const listener of this.listeners) listener(this.state());
  }

  /** The ids whose list differs between the current lists and `next` (gone ones included). */
  private movedIds(next: Map<string, string[]>): string[] {
    const moved: string[] = [];
    for (const [id, list] of next) if (!sameList(this.neighbours.get(id), list)) moved.push(id);
    for (const id of this.neighbours.keys()) if (!next.has(id)) moved.push(id);
    return moved;
  }

  private pick(id: string, index: number, live: string[], rank: Map<string, number>): string[] {
    if (live.length < 2) return [];
    const successor = live[(index + 1) % live.length]!;
    const predecessor = live[(index - 1 + live.length) % live.length]!;
    const inOrder = (a: string, b: string) => rank.get(a)! - rank.get(b)!;
    if (this.kind === 'ring') return [...new Set([predecessor, successor])].sort(inOrder);
    // Partial view: keep the neighbours that still live, then top up at random.
    const kept = (this.neighbours.get(id) ?? []).filter((n) => rank.has(n) && n !== id && n !== successor);
    const chosen = [successor, ...kept].slice(0, this.k);
    const want = Math.min(this.k, live.length - 1);
    for (let draw = 0; chosen.length < want && draw < DRAWS_PER_PICK * this.k; draw++) {
      const candidate = live[Math.floor(this.random() * live.length)]!;
      if (candidate !== id && !chosen.includes(candidate)) chosen.push(candidate);
    }
    // Few candidates left (a small network): take the rest in order from a random start.
    const start = Math.floor(this.random() * live.length);
    for (let step = 0; chosen.length < want && step < live.length; step++) {
      const candidate = live[(start + step) % live.length]!;
      if (candidate !== id && !chosen.includes(candidate)) chosen.push(candidate);
    }
    return chosen.sort(inOrder);
  }
}

/** True for a change that moves an id into or out of the live set (not alive ↔ suspect). */
function movesMembership(change: RegistryChange): boolean {
  return change.type !== 'status-changed' || change.status === 'dead' || change.previous === 'dead';
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((id, i) => id === b[i]);
}
