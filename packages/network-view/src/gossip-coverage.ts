import type { ViewGossip } from '@peerscope/protocol';

/** Covered: every node alive at the start holds the gossip. */
export function coverage(gossip: ViewGossip): { reached: number; alive: number; full: boolean; fullAfterMs: number | undefined } {
  const times = Object.values(gossip.reachedAt);
  const reached = times.length + 1;
  const full = reached >= gossip.aliveAtStart;
  const fullAfterMs = full ? Math.max(0, ...times.map((t) => t - gossip.startedAt)) : undefined;
  return { reached, alive: gossip.aliveAtStart, full, fullAfterMs };
}
