import type { FaultState, LinkFaultRule, NodeFaults, PartitionRequest } from '@peerscope/protocol';

const byId = new Intl.Collator('en', { numeric: true });

/**
 * The whole fault picture a person has made, and each node's share of it. The nodes apply their
 * share in their own networking layer; this only decides who blocks whom and which links lag.
 */
export class FaultBook {
  private partition: Required<PartitionRequest> | null = null;
  private links: LinkFaultRule[] = [];
  private readonly paused = new Set<string>();

  state(): FaultState {
    return { partition: this.partition, links: [...this.links], paused: [...this.paused].sort(byId.compare) };
  }

  /** Takes back the faults an earlier run saved. */
  restore(state: FaultState): void {
    this.partition = state.partition;
    this.links = [...state.links];
    this.paused.clear();
    for (const id of state.paused) this.paused.add(id);
  }

  /** No partition and no link rules: no node has a share to be told. */
  hasNoShares(): boolean {
    return this.partition === null && this.links.length === 0;
  }

  setPartition(partition: Required<PartitionRequest>): void {
    this.partition = { group: [...new Set(partition.group)], direction: partition.direction };
  }

  heal(): void {
    this.partition = null;
  }

  /** Sets the fault of one link (or of every link out of `from`); an all-zero fault removes it. */
  setLink(rule: LinkFaultRule): void {
    this.links = this.links.filter((l) => l.from !== rule.from || l.to !== rule.to);
    if (rule.latencyMs > 0 || rule.jitterMs > 0 || rule.lossPct > 0) this.links.push(rule);
  }

  markPaused(id: string, paused: boolean): void {
    if (paused) this.paused.add(id);
    else this.paused.delete(id);
  }

  /** Clears everything; resolves with the nodes that were paused, for the caller to resume. */
  reset(): string[] {
    const paused = [...this.paused];
    this.partition = null;
    this.links = [];
    this.paused.clear();
    return paused;
  }

  /** The longest any faulty link out of `id` holds a message. */
  maxDelayOf(id: string): number {
    return Math.max(0, ...this.links.filter((l) => l.from === id).map((l) => l.latencyMs + l.jitterMs));
  }

  /** Drops node `id`'s pause and every link fault to or from it; true when there was any. */
  forget(id: string): boolean {
    const links = this.links.length;
    this.links = this.links.filter((l) => l.from !== id && l.to !== id);
    return this.paused.delete(id) || this.links.length !== links;
  }

  /** What node `id` must apply, given every node now in the network. */
  shareOf(id: string, allIds: string[]): NodeFaults {
    const share: NodeFaults = { blockedTo: [], blockedFrom: [], links: [] };
    if (this.partition) {
      const group = new Set(this.partition.group);
      const inGroup = group.has(id);
      const across = allIds.filter((other) => other !== id && group.has(other) !== inGroup);
      const { direction } = this.partition;
      // `outbound`: the group's messages to the rest are cut; `inbound`: the rest's to the group.
      const cutsMySends = direction === 'both' || (direction === 'outbound') === inGroup;
      const cutsMyReceipts = direction === 'both' || (direction === 'inbound') === inGroup;
      if (cutsMySends) share.blockedTo = across;
      if (cutsMyReceipts) share.blockedFrom = across;
    }
    for (const { from, to, latencyMs, jitterMs, lossPct } of this.links) {
      if (from === id) share.links.push({ ...(to !== undefined && { to }), latencyMs, jitterMs, lossPct });
    }
    return share;
  }
}
