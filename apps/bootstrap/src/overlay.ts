import type { OverlayKind, OverlayRequest, OverlayState } from '@peerscope/protocol';
import type { Registry } from './registry.js';

const byId = new Intl.Collator('en', { numeric: true });

/**
 * Who is whose neighbour. `full`: everyone (the course's mesh). `ring`: the previous and next node
 * in id order. `partial`: k neighbours each, kept while they live and topped up from a random
 * sample as nodes leave; one of them is always the ring successor, so the overlay stays connected
 * (a gossip still needs enough hops, and only peerscope nodes forward it).
 */
export class Overlay {
  private kind: OverlayKind = 'full';
  private k = 3;
  private neighbours = new Map<string, string[]>();
  private readonly listeners: Array<(state: OverlayState) => void> = [];

  constructor(
    private readonly registry: Registry,
    private readonly random: () => number = Math.random,
  ) {
    registry.onChange((change) => {
      if (change.type !== 'status-changed' || change.status === 'dead' || change.previous === 'dead') this.refresh();
    });
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
    this.refresh(true);
    return this.state();
  }

  /** A node's neighbours, or undefined in a full mesh (every peer is one). */
  neighboursOf(id: string): string[] | undefined {
    return this.kind === 'full' ? undefined : (this.neighbours.get(id) ?? []);
  }

  /** Recomputes after membership changed; tells listeners when anything moved. */
  refresh(force = false): void {
    const live = this.registry
      .list()
      .filter((n) => n.status !== 'dead')
      .map((n) => n.id)
      .sort(byId.compare);
    const next = new Map<string, string[]>();
    if (this.kind !== 'full') {
      for (const [index, id] of live.entries()) next.set(id, this.pick(id, index, live));
    }
    const changed = force || JSON.stringify([...next]) !== JSON.stringify([...this.neighbours]);
    this.neighbours = next;
    if (changed) for (const listener of this.listeners) listener(this.state());
  }

  private pick(id: string, index: number, live: string[]): string[] {
    if (live.length < 2) return [];
    const successor = live[(index + 1) % live.length]!;
    const predecessor = live[(index - 1 + live.length) % live.length]!;
    if (this.kind === 'ring') return [...new Set([predecessor, successor])].sort(byId.compare);
    // Partial view: keep the neighbours that still live, then top up at random.
    const alive = new Set(live);
    const kept = (this.neighbours.get(id) ?? []).filter((n) => alive.has(n) && n !== id && n !== successor);
    const chosen = [successor, ...kept].slice(0, this.k);
    const candidates = live.filter((n) => n !== id && !chosen.includes(n));
    while (chosen.length < Math.min(this.k, live.length - 1) && candidates.length > 0) {
      chosen.push(candidates.splice(Math.floor(this.random() * candidates.length), 1)[0]!);
    }
    return chosen.sort(byId.compare);
  }
}
