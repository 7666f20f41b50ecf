import { z } from 'zod';
import {
  HttpUrlSchema,
  ListedUrlSchema,
  MessageIdSchema,
  MessageTextSchema,
  NodeIdOrUrlSchema,
  NodeIdSchema,
  NodeRecordSchema,
  NodeStatusSchema,
  PeerEntrySchema,
} from './common.js';
import { MAX_NODES_PER_REQUEST } from './limits.js';
import { SendResultSchema } from './node-api.js';

/** Names one bootstrap run's peer list: versions from another run mean nothing. */
export const PeerListEpochSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'an epoch is 1-32 url-safe characters');

/**
 * `POST /register`. The course's nodes send `{"peer": url}`; peerscope nodes send `{url, id,
 * controlToken}` and, because they hold a control token, are expected to heartbeat. They send
 * `peer` too (the same url), so that the course's own bootstrap, which reads only `peer`, takes them.
 */
export const RegisterRequestSchema = z
  .object({
    peer: HttpUrlSchema.optional(),
    url: HttpUrlSchema.optional(),
    id: NodeIdSchema.optional(),
    controlToken: z.string().min(16).max(256).optional(),
    protocol: z.number().int().positive().optional(),
    /**
     * The peer list the node already holds (a pool host's nodes share one): the answer then
     * carries only what moved since (`changes`), or nothing when it is current, instead of the list.
     */
    holds: z.object({ epoch: PeerListEpochSchema, version: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }).optional(),
  })
  .refine((body) => body.peer !== undefined || body.url !== undefined, {
    message: 'give the node\'s address as "peer" (classic) or "url"',
    path: ['peer'],
  });
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

/** The peer list's changes since a version: entries that joined or changed, and ids that left it. */
export const PeerListChangesSchema = z.object({
  upserts: z.array(PeerEntrySchema),
  removed: z.array(NodeIdSchema),
});
export type PeerListChanges = z.infer<typeof PeerListChangesSchema>;

export const RegisterResponseSchema = z.object({
  status: z.literal('registered'),
  id: NodeIdSchema,
  /** The other nodes' urls, as the course's nodes expect (left out when the request said what it `holds`). */
  peers: z.array(ListedUrlSchema).optional(),
  /** The same peers with ids, kinds and statuses (for a peerscope node, the node itself too). */
  nodes: z.array(PeerEntrySchema).optional(),
  /** Instead of `nodes`, when the request `holds` a list this bootstrap can bring up to date. */
  changes: PeerListChangesSchema.optional(),
  heartbeatMs: z.number().int().positive(),
  neighbours: z.array(NodeIdSchema).optional(),
  /** The peer list's epoch and version, and the overlay's version, that `nodes` and `neighbours` are: a heartbeat sends them back. */
  epoch: PeerListEpochSchema.optional(),
  version: z.number().int().nonnegative().optional(),
  overlayVersion: z.number().int().nonnegative().optional(),
});
export type RegisterResponse = z.infer<typeof RegisterResponseSchema>;

/**
 * The course's own bootstrap (a small Flask app) answers `POST /register` with only these two
 * fields, its list holding the registering node itself. A register answer without `heartbeatMs`
 * is how a peerscope node tells such a bootstrap from ours. The urls are checked one by one by
 * whoever reads them (one odd entry in a student's list must not stop a join).
 */
export const CourseRegisterResponseSchema = z.object({
  status: z.string(),
  peers: z.array(z.unknown()).max(100_000),
});
export type CourseRegisterResponse = z.infer<typeof CourseRegisterResponseSchema>;

/** `GET /peers` as the course's bootstrap (and any node that has it) answers: a list of urls, checked one by one. */
export const CoursePeersResponseSchema = z.object({ peers: z.array(z.unknown()).max(100_000) });

/** `GET /peers`: `peers` is the classic list of urls; `nodes` the same with detail. */
export const PeersResponseSchema = z.object({
  peers: z.array(ListedUrlSchema),
  nodes: z.array(PeerEntrySchema),
});
export type PeersResponse = z.infer<typeof PeersResponseSchema>;

/**
 * `POST /nodes/:id/heartbeat?epoch=…&version=…&overlayVersion=…`: what the node holds (from its
 * last answer). Without them (older nodes) the answer carries the full list, as it always did.
 */
const VersionSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export const HeartbeatQuerySchema = z
  .object({ epoch: PeerListEpochSchema.optional(), version: VersionSchema.optional(), overlayVersion: VersionSchema.optional() })
  .refine((q) => [q.epoch, q.version, q.overlayVersion].every((v) => v === undefined) || [q.epoch, q.version, q.overlayVersion].every((v) => v !== undefined), {
    message: 'give epoch, version and overlayVersion together, or none of them',
  });
export type HeartbeatQuery = z.infer<typeof HeartbeatQuerySchema>;

/**
 * `POST /nodes/:id/heartbeat` (bearer: the node's control token). Without a version in the
 * request: `nodes` (the full list, without the node) and `neighbours` (left out in a full mesh),
 * as before. With one: `nodes` when the node is too far behind or from another epoch (the full
 * list; it may hold the node itself), else `changes` when anything moved, else neither; and
 * `neighbours` only when the node's own list changed (`null`: a full mesh, every peer is one).
 */
export const HeartbeatResponseSchema = z.object({
  id: NodeIdSchema,
  status: NodeStatusSchema,
  /** The interval to keep from now on: it grows with the network past a thousand nodes. */
  heartbeatMs: z.number().int().positive().optional(),
  nodes: z.array(PeerEntrySchema).optional(),
  changes: PeerListChangesSchema.optional(),
  /** This node's overlay neighbours, when the overlay is not a full mesh. */
  neighbours: z.array(NodeIdSchema).nullable().optional(),
  epoch: PeerListEpochSchema.optional(),
  version: z.number().int().nonnegative().optional(),
  overlayVersion: z.number().int().nonnegative().optional(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;

/** `GET /api/membership` (admin): the peer list's version and what the failure detector did. */
export const MembershipStatsSchema = z.object({
  epoch: PeerListEpochSchema,
  version: z.number().int().nonnegative(),
  overlayVersion: z.number().int().nonnegative(),
  detector: z.object({
    /** Suspect nodes that answered the bootstrap's probe and were alive after all. */
    suspicionsCleared: z.number().int().nonnegative(),
    /** Suspect nodes whose probe was refused (no server at the address): dead at once. */
    deathsConfirmed: z.number().int().nonnegative(),
    /** Nodes that went dead after the full silence (their probe timed out, or none could be made). */
    deathsBySilence: z.number().int().nonnegative(),
    probesInFlight: z.number().int().nonnegative(),
    /** How much the bootstrap stretches its timeouts now, for its own event-loop lag and for a crowd of nodes late together. */
    stretchMs: z.number().nonnegative(),
  }),
});
export type MembershipStats = z.infer<typeof MembershipStatsSchema>;

/** `GET /api/nodes` (admin). `managed` says whether this bootstrap's runtime runs the node. */
export const AdminNodeSchema = NodeRecordSchema.extend({ managed: z.boolean() });
export type AdminNode = z.infer<typeof AdminNodeSchema>;
export const AdminNodesResponseSchema = z.object({
  runtime: z.string(),
  nodes: z.array(AdminNodeSchema),
});
export type AdminNodesResponse = z.infer<typeof AdminNodesResponseSchema>;

/** `POST /api/nodes` (admin): start nodes through the runtime. */
export const StartNodesRequestSchema = z.object({
  count: z.number().int().min(1).max(MAX_NODES_PER_REQUEST).default(1),
});
export type StartNodesRequest = z.infer<typeof StartNodesRequestSchema>;

/** A node a start or restart began: its url once the runtime knows it, `alive` once it registered. */
export const StartedNodeSchema = z.object({ id: NodeIdSchema, url: HttpUrlSchema.nullable(), status: z.enum(['alive', 'starting']) });
export type StartedNode = z.infer<typeof StartedNodeSchema>;

export const StartNodesResponseSchema = z.object({ nodes: z.array(StartedNodeSchema) });
export type StartNodesResponse = z.infer<typeof StartNodesResponseSchema>;

/** `POST /api/nodes/:id/restart` (admin): the node started again under its id. */
export const RestartNodeResponseSchema = StartedNodeSchema;

/** `GET /api/bootstrap` (admin): the bootstrap answers, since when, and whether a launcher would restart it. */
export const BootstrapStatusSchema = z.object({ status: z.literal('up'), startedAt: z.number(), supervised: z.boolean() });
export type BootstrapStatus = z.infer<typeof BootstrapStatusSchema>;

/** `POST /api/bootstrap/crash` (admin), 202: the bootstrap kills itself once this answer has left. */
export const BootstrapCrashAnswerSchema = z.object({ status: z.literal('crashing') });

/** `POST /api/nodes/:id/pause` and `/resume` (admin). */
export const PauseNodeResponseSchema = z.object({ id: NodeIdSchema, paused: z.boolean() });
export type PauseNodeResponse = z.infer<typeof PauseNodeResponseSchema>;

export const StopModeSchema = z.enum(['graceful', 'crash']);
export type StopMode = z.infer<typeof StopModeSchema>;

/** `DELETE /api/nodes/:id?mode=graceful|crash` (admin). */
export const StopNodeQuerySchema = z.object({ mode: StopModeSchema.default('graceful') });
export const StopNodeResponseSchema = z.object({ id: NodeIdSchema, mode: StopModeSchema, stopped: z.boolean() });
export type StopNodeResponse = z.infer<typeof StopNodeResponseSchema>;

/** `POST /api/messages` (admin): ask node `from` to send `text` to `to` (an id or a url). */
export const SendMessageRequestSchema = z.object({
  from: NodeIdSchema,
  to: NodeIdOrUrlSchema,
  text: MessageTextSchema,
  id: MessageIdSchema.optional(),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;
export const SendMessageResponseSchema = SendResultSchema;

/** `GET /` (the course's health check): counts of registry entries, and what runs them. */
export const BootstrapIndexSchema = z.object({
  message: z.string(),
  nodes: z.number().int().nonnegative(),
  alive: z.number().int().nonnegative(),
  runtime: z.string(),
  protocol: z.number().int().positive(),
});
