import type { ViewGossip } from '@peerscope/protocol';

/**
 * Covered: every node alive at the start holds the gossip. Quiet: every hop sent so far has its
 * outcome, so unless a receiver is about to pass it on, the gossip has stopped where it is (a TTL
 * or fan-out too small for the network leaves some nodes out). Unknown for old traces.
 */
export function coverage(gossip: ViewGossip): {
  reached: number;
  alive: number;
  full: boolean;
  fullAfterMs: number | undefined;
  quiet: boolean;
} {
  const times = Object.values(gossip.reachedAt);
  const reached = times.length + 1;
  const full = reached >= gossip.aliveAtStart;
  const fullAfterMs = full ? Math.max(0, ...times.map((t) => t - gossip.startedAt)) : undefined;
  const quiet = gossip.settled !== undefined && gossip.hops > 0 && gossip.settled >= gossip.hops;
  return { reached, alive: gossip.aliveAtStart, full, fullAfterMs, quiet };
}
