import { z } from 'zod';
import { HttpUrlSchema, LamportTimeSchema, MessageIdSchema, NodeIdSchema, NodeRecordSchema, NodeStatusSchema, TimestampSchema } from './common.js';
import { FaultStateSchema, OverlayStateSchema, TrafficStatusSchema } from './dynamics.js';
import { SendFailureCodeSchema } from './errors.js';
import type { Ack } from './ui.js';

/** Fields every telemetry event carries: when it happened (epoch ms) and who saw it. */
const eventBase = { at: TimestampSchema, source: z.string().min(1).max(64) };

/** A node process is up and listening. */
export const NodeStartedEventSchema = z.object({
  ...eventBase,
  type: z.literal('node:started'),
  nodeId: NodeIdSchema,
  url: HttpUrlSchema,
});
/** The bootstrap accepted a registration (new, or a node coming back). */
export const NodeRegisteredEventSchema = z.object({
  ...eventBase,
  type: z.literal('node:registered'),
  node: NodeRecordSchema,
});
/** The bootstrap moved a node between alive, suspect and dead. */
export const NodeStatusChangedEventSchema = z.object({
  ...eventBase,
  type: z.literal('node:status-changed'),
  nodeId: NodeIdSchema,
  status: NodeStatusSchema,
  previous: NodeStatusSchema,
});
/** A node left the registry: it said goodbye, or it was dead long enough to be forgotten. */
export const NodeDeregisteredEventSchema = z.object({
  ...eventBase,
  type: z.literal('node:deregistered'),
  nodeId: NodeIdSchema,
  reason: z.enum(['left', 'forgotten']),
});
/** A node is shutting down on purpose. */
export const NodeStoppingEventSchema = z.object({
  ...eventBase,
  type: z.literal('node:stopping'),
  nodeId: NodeIdSchema,
});

/** On each hop of a gossip: which gossip, started where, how many hops from there. */
export const GossipMarkSchema = z.object({ id: MessageIdSchema, origin: NodeIdSchema, hop: z.number().int().min(1) });

const messageBase = {
  ...eventBase,
  id: MessageIdSchema,
  from: z.string().max(2048),
  to: z.string().max(2048),
  /** Set on each copy of a broadcast. */
  broadcastId: MessageIdSchema.optional(),
  gossip: GossipMarkSchema.optional(),
  /** The reporting node's Lamport clock at this event (a peerscope node's; a course node reports none). */
  lamport: LamportTimeSchema.optional(),
};
/**
 * Whether an event opens a message's exchange (the send, the receipt) rather than closing it
 * (`message:delivered` or `message:failed`, which the page animates). The reporters and the hub
 * hold an opening event a moment for the outcome, so an exchange travels in one flush and one batch.
 */
export function opensMessageExchange(type: string): boolean {
  return type === 'message:sent' || type === 'message:received';
}

export const MessageSentEventSchema = z.object({
  ...messageBase,
  type: z.literal('message:sent'),
  text: z.string(),
});
export const MessageReceivedEventSchema = z.object({
  ...messageBase,
  type: z.literal('message:received'),
  text: z.string(),
  /** A gossip this node had already seen: acknowledged, not delivered again, not forwarded. */
  duplicate: z.boolean().optional(),
  /**
   * Set by the hub, never by a reporter (whatever a report says is replaced): true when the sender
   * had not reported sending this message (same id, same ends) on its own connection by the time
   * the receipt reached the hub. A later `message:sent` from the sender clears it in the picture.
   */
  unverified: z.boolean().optional(),
});
export const MessageDeliveredEventSchema = z.object({
  ...messageBase,
  type: z.literal('message:delivered'),
  latencyMs: z.number().nonnegative(),
});
export const MessageFailedEventSchema = z.object({
  ...messageBase,
  type: z.literal('message:failed'),
  latencyMs: z.number().nonnegative(),
  error: z.object({ code: SendFailureCodeSchema, message: z.string() }),
});

const count = z.number().int().nonnegative();
/**
 * Message events a reporter counted instead of sending one by one, because it was over its budget
 * of message events per second: per link (`from` → `to`), what happened since `since`, up to `at`.
 * Broadcast copies, gossip hops and duplicates are never counted: they always travel one by one.
 */
export const MessagesSummarisedEventSchema = z.object({
  ...eventBase,
  type: z.literal('messages:summarised'),
  from: z.string().max(2048),
  to: z.string().max(2048),
  since: TimestampSchema,
  sent: count,
  received: count,
  delivered: count,
  failed: count,
});

/** The hub learnt which runtime the bootstrap uses (from its registry). */
export const RuntimeChangedEventSchema = z.object({
  ...eventBase,
  type: z.literal('runtime:changed'),
  runtime: z.string().max(64),
});

/** The bootstrap's fault picture changed (a partition, a link fault, a pause, a reset). */
export const FaultsChangedEventSchema = z.object({ ...eventBase, type: z.literal('faults:changed'), faults: FaultStateSchema });
/** The overlay changed: another kind, or neighbours refreshed as nodes came and went. */
export const OverlayChangedEventSchema = z.object({ ...eventBase, type: z.literal('overlay:changed'), overlay: OverlayStateSchema });
/** The traffic generator started, progressed (at most once a second) or stopped. */
export const TrafficChangedEventSchema = z.object({ ...eventBase, type: z.literal('traffic:changed'), traffic: TrafficStatusSchema });

/**
 * The bootstrap came up or went down, as the hub sees it: its reporter's connection opened, or the
 * last one closed. The hub's own fact (a reporter cannot claim it), so every page sees a crash.
 */
export const BootstrapStatusChangedEventSchema = z.object({ ...eventBase, type: z.literal('bootstrap:status-changed'), up: z.boolean() });

/** Everything the bootstrap and the nodes report to the hub, and the few facts the hub derives itself. */
export const TelemetryEventSchema = z.discriminatedUnion('type', [
  NodeStartedEventSchema,
  NodeRegisteredEventSchema,
  NodeStatusChangedEventSchema,
  NodeDeregisteredEventSchema,
  NodeStoppingEventSchema,
  MessageSentEventSchema,
  MessageReceivedEventSchema,
  MessageDeliveredEventSchema,
  MessageFailedEventSchema,
  MessagesSummarisedEventSchema,
  RuntimeChangedEventSchema,
  FaultsChangedEventSchema,
  OverlayChangedEventSchema,
  TrafficChangedEventSchema,
  BootstrapStatusChangedEventSchema,
]);
export type TelemetryEvent = z.infer<typeof TelemetryEventSchema>;
export type TelemetryEventType = TelemetryEvent['type'];

/** An event as a reporter sends it: without `source`, which the hub takes from the connection. */
export type ReportedEvent = TelemetryEvent extends infer E ? (E extends TelemetryEvent ? Omit<E, 'source'> : never) : never;

/** The most events one report may carry; reporters split larger backlogs. */
export const MAX_EVENTS_PER_REPORT = 500;
/** The most bytes one report may take; reporters split larger batches (one event always fits). */
export const MAX_REPORT_BYTES = 1024 * 1024;
export const TelemetryReportSchema = z.array(TelemetryEventSchema).max(MAX_EVENTS_PER_REPORT);

/** Socket.IO namespace `/ingest`: the bootstrap, nodes and node hosts report; the hub only listens. */
export const INGEST_NAMESPACE = '/ingest';

/**
 * An event as a host connection sends it: `source` names the node it is from, one the connection
 * claimed (`telemetry:claim`); the hub drops events for any other id.
 */
export type HostReportedEvent = ReportedEvent & { source: string };

/** A host asks to report for one of its nodes, with the ticket the bootstrap gave that node. */
export const ClaimRequestSchema = z.object({ node: NodeIdSchema, ticket: z.string().min(1).max(256) });
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;
/** A host stops reporting for a node (it stopped or crashed); later events for it are dropped. */
export const ReleaseRequestSchema = z.object({ node: NodeIdSchema });
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>;
export type ClaimAnswer = Ack<{ node: string }>;

/** The most nodes one host connection may hold claims for at once (the hub answers `too_many_nodes` past it). */
export const MAX_CLAIMS_PER_CONNECTION = 20_000;

/**
 * Which report this is: `stream` is one reporter's lifetime (a new process, a new stream), `seq`
 * counts its reports from 1. A reporter keeps each report until the hub acknowledges its `seq`
 * (once it is saved) and sends it again after a reconnect; the hub drops one it already has.
 */
export const ReportStampSchema = z.object({ stream: z.string().min(1).max(64), seq: z.number().int().positive() });
export type ReportStamp = z.infer<typeof ReportStampSchema>;
/** The hub has this report, and every earlier one of its stream: the reporter may forget them. */
export type ReportAnswer = Ack<{ seq: number }>;

export interface IngestClientToServerEvents {
  /**
   * The UTF-8 JSON text of an array of `ReportedEvent`s (`HostReportedEvent`s from a host), sent as
   * binary (see report-codec.ts), with its stamp; the hub answers once it has saved it. A report
   * without a stamp (a tool's, a test's) is taken as it comes: never acknowledged, never deduplicated.
   */
  'telemetry:report': (report: Uint8Array, stamp?: ReportStamp, ack?: (answer: ReportAnswer) => void) => void;
  /** Host connections only: claim a node before reporting for it, and again after every reconnect. */
  'telemetry:claim': (request: ClaimRequest, ack: (answer: ClaimAnswer) => void) => void;
  /** Host connections only: give up a claim. */
  'telemetry:release': (request: ReleaseRequest) => void;
}
// The hub sends nothing to reporters; an empty map keeps the Socket.IO generics honest.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IngestServerToClientEvents {}

/** The handshake `auth` of a connection that reports for one source: the bootstrap or one node. */
export const SourceIngestAuthSchema = z.object({ token: z.string().min(1), source: z.string().min(1).max(64) });
/** The handshake `auth` of a host process reporting for many nodes over one connection. */
export const HostIngestAuthSchema = z.object({ host: NodeIdSchema, credential: z.string().min(1).max(256) });
/**
 * The handshake `auth` of an ingest connection: a host with its credential, or one source with the
 * cluster token (a handshake that is a valid host's is read as the host's, whatever else it holds).
 */
export const IngestAuthSchema = z.union([HostIngestAuthSchema, SourceIngestAuthSchema]);
export type SourceIngestAuth = z.infer<typeof SourceIngestAuthSchema>;
export type HostIngestAuth = z.infer<typeof HostIngestAuthSchema>;
export type IngestAuth = z.infer<typeof IngestAuthSchema>;
