import type { Registry } from './registry.js';

/**
 * Random live pairs for the traffic generator: a peerscope sender (it has a control API) and any
 * other live node. It draws a pair for every generated message, so the live ids are kept in two
 * arrays, rebuilt only after the registry changes (a node joins, leaves or changes status),
 * instead of listing and sorting the whole registry for each message.
 */
export class PairPicker {
  private alive: string[] | undefined;
  /** For each sender, its position in `alive`. */
  private senders: number[] = [];

  constructor(
    private readonly registry: Registry,
    private readonly random: () => number = Math.random,
  ) {
    registry.onChange(() => {
      this.alive = undefined;
    });
  }

  /** A pair, uniformly: the sender among the live senders, the receiver among the other live nodes. */
  pick(): { from: string; to: string } | undefined {
    const alive = this.alive ?? this.rebuild();
    if (this.senders.length === 0 || alive.length < 2) return undefined;
    const fromAt = this.senders[Math.floor(this.random() * this.senders.length)]!;
    // One of the other n - 1 positions: those past the sender's shift by one.
    const toAt = Math.floor(this.random() * (alive.length - 1));
    return { from: alive[fromAt]!, to: alive[toAt >= fromAt ? toAt + 1 : toAt]! };
  }

  private rebuild(): string[] {
    const alive: string[] = [];
    this.senders = [];
    for (const node of this.registry.list()) {
      if (node.status !== 'alive') continue;
      if (node.kind === 'peerscope') this.senders.push(alive.length);
      alive.push(node.id);
    }
    this.alive = alive;
    return alive;
  }
}
