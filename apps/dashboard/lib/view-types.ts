import type { FaultState, NetworkSnapshot, OverlayState, TrafficStatus, ViewMessage } from '@peerscope/protocol';

// What the dashboard's picture holds beyond NetworkSnapshot (packages/protocol/src/ui.ts).
// Hub and browser run the same NetworkView, so these shapes travel inside the snapshot as extra
// fields; a snapshot without them (an older hub) gives the defaults below.

/** A message, plus what tells a broadcast copy or a gossip hop apart from a plain send. */
export interface PictureMessage extends ViewMessage {
  broadcastId?: string;
  gossip?: { id: string; origin: string; hop: number };
  /** A gossip hop that reached a node which already had it. */
  duplicate?: boolean;
}

/** One gossip's spread, built from its hops' events in whatever order they arrive. */
export interface ViewGossip {
  id: string;
  origin: string;
  /** The earliest event of the gossip: the origin's first send. */
  startedAt: number;
  /** Nodes alive when the picture first heard of the gossip: what full coverage means. */
  aliveAtStart: number;
  /** When each node other than the origin first received it. */
  reachedAt: Record<string, number>;
  /** The most hops any first receipt took. */
  maxHop: number;
  /** Hop messages seen (first receipts, duplicates and failures alike). */
  hops: number;
  duplicates: number;
  failed: number;
}

export type ActivityKind = 'node' | 'status' | 'faults' | 'overlay' | 'traffic';

/** One line of the activity log: something about the network changed (not a message). */
export interface ActivityEntry {
  /** Increases with each entry a picture makes; hub and browsers number alike. */
  n: number;
  at: number;
  kind: ActivityKind;
  text: string;
  nodeId?: string;
}

export interface PictureDynamics {
  faults: FaultState;
  overlay: OverlayState;
  traffic: TrafficStatus;
  /** The most recent gossips, oldest first. */
  gossips: ViewGossip[];
  /** Oldest first, by event time. */
  activity: ActivityEntry[];
}

/** The hub's snapshot as the dashboard makes it: the protocol's, plus the network's dynamics. */
export type PictureSnapshot = Omit<NetworkSnapshot, 'messages'> & { messages: PictureMessage[] } & Partial<PictureDynamics>;

/** Covered: every node alive at the start holds the gossip. */
export function coverage(gossip: ViewGossip): { reached: number; alive: number; full: boolean; fullAfterMs: number | undefined } {
  const times = Object.values(gossip.reachedAt);
  const reached = times.length + 1;
  const full = reached >= gossip.aliveAtStart;
  const fullAfterMs = full ? Math.max(0, ...times.map((t) => t - gossip.startedAt)) : undefined;
  return { reached, alive: gossip.aliveAtStart, full, fullAfterMs };
}
