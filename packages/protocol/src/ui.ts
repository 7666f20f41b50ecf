import { z } from 'zod';
import { LamportTimeSchema, MessageIdSchema, NodeKindSchema, NodeStatusSchema, TimestampSchema } from './common.js';
import { FaultStateSchema, OverlayStateSchema, TrafficStatusSchema } from './dynamics.js';
import { ErrorCodeSchema, SendFailureCodeSchema } from './errors.js';
import { GossipMarkSchema, TelemetryEventSchema, type TelemetryEvent } from './events.js';

/** A node as the dashboard draws it: the registry's view plus what its messages did. */
export const ViewNodeSchema = z.object({
  id: z.string(),
  url: z.string(),
  kind: NodeKindSchema,
  status: NodeStatusSchema,
  registeredAt: TimestampSchema,
  lastSeen: TimestampSchema,
  sent: z.number().int(),
  received: z.number().int(),
  failed: z.number().int(),
  /** Messages received from senders that are not nodes of the picture (counted here, drawn as no link). */
  fromOutside: z.number().int(),
});
export type ViewNode = z.infer<typeof ViewNodeSchema>;

/** A message's life as far as the hub has heard of it. */
export const ViewMessageSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  text: z.string(),
  status: z.enum(['sent', 'delivered', 'failed']),
  error: z.object({ code: SendFailureCodeSchema, message: z.string() }).optional(),
  latencyMs: z.number().optional(),
  sentAt: TimestampSchema,
  receivedAt: TimestampSchema.optional(),
  /** Set on a copy of a broadcast. */
  broadcastId: MessageIdSchema.optional(),
  /** Set on a hop of a gossip. */
  gossip: GossipMarkSchema.optional(),
  /** A gossip hop that reached a node which already had it. */
  duplicate: z.boolean().optional(),
  /** Received from a sender that is not a node of the picture: no link was drawn for it. */
  fromOutside: z.boolean().optional(),
  /**
   * Received, but its sender has not reported sending it (same id, same ends) on its own
   * connection: `from` is only what the message claimed. A classic node never reports.
   */
  unverified: z.boolean().optional(),
  /** The Lamport clocks its nodes reported: at the send, the receipt, the outcome (none from a course node). */
  lamport: z.object({ sent: LamportTimeSchema.optional(), received: LamportTimeSchema.optional(), outcome: LamportTimeSchema.optional() }).optional(),
});
export type ViewMessage = z.infer<typeof ViewMessageSchema>;

/** One gossip's spread, built from its hops' events in whatever order they arrive. */
export const ViewGossipSchema = z.object({
  id: z.string(),
  origin: z.string(),
  /** The earliest event of the gossip: the origin's first send. */
  startedAt: TimestampSchema,
  /** Nodes alive when the picture first heard of the gossip: what full coverage means. */
  aliveAtStart: z.number().int(),
  /** When each node other than the origin first received it. */
  reachedAt: z.record(z.string(), TimestampSchema),
  /** The most hops any first receipt took. */
  maxHop: z.number().int(),
  /** Hop messages sent, whatever became of them. */
  hops: z.number().int(),
  /** Hop messages with an outcome (delivered or failed); absent from traces recorded before it was counted. */
  settled: z.number().int().optional(),
  duplicates: z.number().int(),
  failed: z.number().int(),
});
export type ViewGossip = z.infer<typeof ViewGossipSchema>;

export const ActivityKindSchema = z.enum(['node', 'status', 'faults', 'overlay', 'traffic', 'bootstrap']);
export type ActivityKind = z.infer<typeof ActivityKindSchema>;

/** One line of the activity log: something about the network changed (not a message). */
export const ActivityEntrySchema = z.object({
  /** Increases with each entry a picture makes; hub and browsers number alike. */
  n: z.number().int(),
  at: TimestampSchema,
  kind: ActivityKindSchema,
  text: z.string(),
  nodeId: z.string().optional(),
});
export type ActivityEntry = z.infer<typeof ActivityEntrySchema>;

/** A directed link that messages have used, with how often and how it went. */
export const ViewLinkSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  messages: z.number().int(),
  failed: z.number().int(),
  /** Of `messages`, those whose sender has not reported sending them: claims, not facts. */
  unverified: z.number().int(),
  lastAt: TimestampSchema,
});
export type ViewLink = z.infer<typeof ViewLinkSchema>;

export const CountersSchema = z.object({
  sent: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  received: z.number().int(),
});
export type Counters = z.infer<typeof CountersSchema>;

export const BootstrapPresenceSchema = z.object({ up: z.boolean(), since: TimestampSchema });
export type BootstrapPresence = z.infer<typeof BootstrapPresenceSchema>;

/** The hub's whole picture at sequence number `seq`. */
export const NetworkSnapshotSchema = z.object({
  /** Changes each time the hub starts: sequence numbers of another epoch mean nothing here. */
  epoch: z.string(),
  seq: z.number().int().nonnegative(),
  runtime: z.string().nullable(),
  nodes: z.array(ViewNodeSchema),
  links: z.array(ViewLinkSchema),
  /** The most recent messages, oldest first. */
  messages: z.array(ViewMessageSchema),
  counters: CountersSchema,
  faults: FaultStateSchema,
  overlay: OverlayStateSchema,
  traffic: TrafficStatusSchema,
  /** The most recent gossips, oldest first. */
  gossips: z.array(ViewGossipSchema),
  /** Oldest first, by event time. */
  activity: z.array(ActivityEntrySchema),
  /** Whether the bootstrap is up, and since when; absent until the hub first heard of it. */
  bootstrap: BootstrapPresenceSchema.optional(),
});
export type NetworkSnapshot = z.infer<typeof NetworkSnapshotSchema>;

/** One change to the picture: a telemetry event stamped with the hub's sequence number. */
export interface Delta {
  seq: number;
  event: TelemetryEvent;
}
export const DeltaSchema = z.object({ seq: z.number().int().positive(), event: TelemetryEventSchema });

/** The one answer shape of acknowledgements. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: z.infer<typeof ErrorCodeSchema>; message: string } };

export const SubscribeRequestSchema = z.object({
  /** The epoch and last sequence number this browser applied; omitted on first connect. */
  epoch: z.string().max(64).optional(),
  since: z.number().int().nonnegative().optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequestSchema>;
export type SubscribeAnswer = { mode: 'snapshot' | 'resume'; epoch: string; seq: number };

export interface UiServerToClientEvents {
  'network:snapshot': (snapshot: NetworkSnapshot) => void;
  /** At most one batch per ~50 ms; deltas in sequence order, possibly overlapping what a snapshot held. */
  'network:deltas': (deltas: Delta[]) => void;
}
export interface UiClientToServerEvents {
  'network:subscribe': (request: SubscribeRequest, ack: (answer: Ack<SubscribeAnswer>) => void) => void;
}

/** `POST /api/traffic` on the dashboard: the course's random-traffic script as a button. */
export const RandomTrafficRequestSchema = z.object({ count: z.number().int().min(1).max(500).default(50) });
export const RandomTrafficResultSchema = z.object({ requested: z.number().int(), delivered: z.number().int(), failed: z.number().int() });
export type RandomTrafficResult = z.infer<typeof RandomTrafficResultSchema>;
