import { z } from 'zod';
import { MessageIdSchema, MessageTextSchema, NodeIdSchema, TimestampSchema } from './common.js';
import { GossipFanoutSchema, GossipTtlSchema, SendResultSchema } from './node-api.js';

// ---------------------------------------------------------------------------------------------
// Faults. Every fault lives in the nodes' own networking layer: the bootstrap keeps the whole
// picture (FaultState) and gives each node its own share (NodeFaults), so faults behave the same
// on every runtime.

/** Which way a partition cuts: both ways, or only the group's outgoing (or incoming) messages. */
export const CutDirectionSchema = z.enum(['both', 'outbound', 'inbound']);
export type CutDirection = z.infer<typeof CutDirectionSchema>;

/** What a faulty link does to each message sent over it. All zero: a healthy link. */
export const LinkFaultSchema = z.object({
  latencyMs: z.number().int().min(0).max(10_000).default(0),
  /** Each message waits latencyMs ± up to jitterMs (never below zero). */
  jitterMs: z.number().int().min(0).max(10_000).default(0),
  lossPct: z.number().min(0).max(100).default(0),
});
export type LinkFault = z.infer<typeof LinkFaultSchema>;

/** A link fault on `from → to`, or on every link out of `from` when `to` is left out. */
export const LinkFaultRuleSchema = LinkFaultSchema.extend({ from: NodeIdSchema, to: NodeIdSchema.optional() });
export type LinkFaultRule = z.infer<typeof LinkFaultRuleSchema>;

/** `PUT /control/faults` on a node: its whole share of the faults, replacing what it had. */
export const NodeFaultsSchema = z.object({
  /** Peers this node may not send to: such a send fails `partitioned` without leaving the node. */
  blockedTo: z.array(NodeIdSchema).max(1_000).default([]),
  /** Peers whose messages this node refuses with 503 `partitioned`. */
  blockedFrom: z.array(NodeIdSchema).max(1_000).default([]),
  /** Faults on this node's outgoing links; a rule without `to` covers every outgoing link. */
  links: z
    .array(LinkFaultSchema.extend({ to: NodeIdSchema.optional() }))
    .max(1_000)
    .default([]),
});
export type NodeFaults = z.infer<typeof NodeFaultsSchema>;

/** `POST /api/faults/partition` (admin): cut `group` off from every other node. */
export const PartitionRequestSchema = z.object({
  group: z.array(NodeIdSchema).min(1).max(1_000),
  direction: CutDirectionSchema.default('both'),
});
export type PartitionRequest = z.infer<typeof PartitionRequestSchema>;

/** The bootstrap's whole fault picture: `GET /api/faults`, and the `faults:changed` event. */
export const FaultStateSchema = z.object({
  partition: PartitionRequestSchema.required().nullable(),
  links: z.array(LinkFaultRuleSchema),
  /** Nodes the runtime holds frozen (SIGSTOP, `docker pause`). */
  paused: z.array(NodeIdSchema),
});
export type FaultState = z.infer<typeof FaultStateSchema>;

// ---------------------------------------------------------------------------------------------
// Overlays: who counts as whose neighbour. Broadcast and gossip use only neighbours.

export const OverlayKindSchema = z.enum(['full', 'partial', 'ring']);
export type OverlayKind = z.infer<typeof OverlayKindSchema>;

/** `PUT /api/overlay` (admin). `k`: neighbours per node in a partial view. */
export const OverlayRequestSchema = z.object({
  kind: OverlayKindSchema,
  k: z.number().int().min(1).max(20).default(3),
});
export type OverlayRequest = z.infer<typeof OverlayRequestSchema>;

/** The overlay in force: `GET /api/overlay`, and the `overlay:changed` event. */
export const OverlayStateSchema = OverlayRequestSchema.required().extend({
  /** Each node's neighbours (directed: the nodes it sends to). Empty for `full`: everyone. */
  neighbours: z.record(NodeIdSchema, z.array(NodeIdSchema)),
});
export type OverlayState = z.infer<typeof OverlayStateSchema>;

// ---------------------------------------------------------------------------------------------
// Broadcast and gossip.

/** `POST /control/broadcast` on a node: one copy of the message to each neighbour. */
export const ControlBroadcastRequestSchema = z.object({ text: MessageTextSchema, id: MessageIdSchema.optional() });
export const BroadcastResultSchema = z.object({ id: MessageIdSchema, from: NodeIdSchema, results: z.array(SendResultSchema) });
export type BroadcastResult = z.infer<typeof BroadcastResultSchema>;

/** `POST /control/gossip` on a node: start a gossip; it spreads hop by hop after the answer. */
export const ControlGossipRequestSchema = z.object({
  text: MessageTextSchema,
  id: MessageIdSchema.optional(),
  /** Hops the gossip may still travel from the origin. */
  ttl: GossipTtlSchema.min(1).default(8),
  /** How many neighbours each node forwards it to (all of them when it has fewer). */
  fanout: GossipFanoutSchema.default(3),
});
export type ControlGossipRequest = z.infer<typeof ControlGossipRequestSchema>;
export const GossipStartedSchema = z.object({ id: MessageIdSchema, from: NodeIdSchema, ttl: z.number().int(), fanout: z.number().int() });
export type GossipStarted = z.infer<typeof GossipStartedSchema>;

/** `POST /api/broadcast` and `POST /api/gossip` (admin): the same, naming the sending node. */
export const BroadcastRequestSchema = ControlBroadcastRequestSchema.extend({ from: NodeIdSchema });
export const GossipRequestSchema = ControlGossipRequestSchema.extend({ from: NodeIdSchema });

// ---------------------------------------------------------------------------------------------
// The traffic generator (bootstrap): random messages between live pairs, in the background.

/** `POST /api/traffic` (admin): `count` messages as fast as they go, or `rate` per second for `durationS`. */
export const TrafficRequestSchema = z.union(
  [
    z.object({ count: z.number().int().min(1).max(100_000) }).strict(),
    z.object({ rate: z.number().min(0.1).max(1_000), durationS: z.number().min(1).max(3_600) }).strict(),
  ],
  // When neither shape fits at all, zod's own words are only "Invalid input": name the two shapes.
  { error: (issue) => (issue.code === 'invalid_union' ? 'expected {"count": N} or {"rate": R, "durationS": S}' : undefined) },
);
export type TrafficRequest = z.infer<typeof TrafficRequestSchema>;

/** `GET /api/traffic`, and the `traffic:changed` event (at most one a second while it runs). */
export const TrafficStatusSchema = z.object({
  running: z.boolean(),
  request: TrafficRequestSchema.nullable(),
  startedAt: TimestampSchema.nullable(),
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  /**
   * Of the failed, the sends whose node took the command but never answered in time: their
   * outcome is unknown (a starved node may still have delivered them). Absent means none.
   */
  unanswered: z.number().int().nonnegative().optional(),
  /**
   * Why the failed ones failed: a count per error code (the sender's, e.g. `timeout` or
   * `peer_unreachable`, or the bootstrap's when the sender never answered, e.g. `node_unanswered`).
   * Absent means none.
   */
  failures: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type TrafficStatus = z.infer<typeof TrafficStatusSchema>;
