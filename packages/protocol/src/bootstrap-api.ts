import { z } from 'zod';
import { HttpUrlSchema, MessageIdSchema, MessageTextSchema, NodeIdSchema, NodeRecordSchema, NodeStatusSchema, PeerEntrySchema } from './common.js';
import { SendResultSchema } from './node-api.js';

/**
 * `POST /register`. The course's nodes send `{"peer": url}`; peerscope nodes send `{url, id,
 * controlToken}` and, because they hold a control token, are expected to heartbeat.
 */
export const RegisterRequestSchema = z
  .object({
    peer: HttpUrlSchema.optional(),
    url: HttpUrlSchema.optional(),
    id: NodeIdSchema.optional(),
    controlToken: z.string().min(16).max(256).optional(),
    protocol: z.number().int().positive().optional(),
  })
  .refine((body) => body.peer !== undefined || body.url !== undefined, {
    message: 'give the node\'s address as "peer" (classic) or "url"',
    path: ['peer'],
  });
export type RegisterRequest = z.infer<typeof RegisterRequestSchema>;

export const RegisterResponseSchema = z.object({
  status: z.literal('registered'),
  id: NodeIdSchema,
  /** The other nodes' urls, as the course's nodes expect. */
  peers: z.array(HttpUrlSchema),
  /** The same peers with ids, kinds and statuses. */
  nodes: z.array(PeerEntrySchema),
  heartbeatMs: z.number().int().positive(),
  neighbours: z.array(NodeIdSchema).optional(),
});
export type RegisterResponse = z.infer<typeof RegisterResponseSchema>;

/** `GET /peers`: `peers` is the classic list of urls; `nodes` the same with detail. */
export const PeersResponseSchema = z.object({
  peers: z.array(HttpUrlSchema),
  nodes: z.array(PeerEntrySchema),
});
export type PeersResponse = z.infer<typeof PeersResponseSchema>;

/** `POST /nodes/:id/heartbeat` (bearer: the node's control token). */
export const HeartbeatResponseSchema = z.object({
  id: NodeIdSchema,
  status: NodeStatusSchema,
  nodes: z.array(PeerEntrySchema),
  /** This node's overlay neighbours, when the overlay is not a full mesh. */
  neighbours: z.array(NodeIdSchema).optional(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponseSchema>;

/** `GET /api/nodes` (admin). `managed` says whether this bootstrap's runtime runs the node. */
export const AdminNodeSchema = NodeRecordSchema.extend({ managed: z.boolean() });
export type AdminNode = z.infer<typeof AdminNodeSchema>;
export const AdminNodesResponseSchema = z.object({
  runtime: z.string(),
  nodes: z.array(AdminNodeSchema),
});
export type AdminNodesResponse = z.infer<typeof AdminNodesResponseSchema>;

/** One add may start a whole pool-runtime network; the runtime's own bound (PEERSCOPE_MAX_NODES) still applies. */
export const MAX_NODES_PER_REQUEST = 1_000;

/** `POST /api/nodes` (admin): start nodes through the runtime. */
export const StartNodesRequestSchema = z.object({
  count: z.number().int().min(1).max(MAX_NODES_PER_REQUEST).default(1),
});
export type StartNodesRequest = z.infer<typeof StartNodesRequestSchema>;

export const StartNodesResponseSchema = z.object({
  nodes: z.array(z.object({ id: NodeIdSchema, url: HttpUrlSchema.nullable(), status: z.enum(['alive', 'starting']) })),
});
export type StartNodesResponse = z.infer<typeof StartNodesResponseSchema>;

export const StopModeSchema = z.enum(['graceful', 'crash']);
export type StopMode = z.infer<typeof StopModeSchema>;

/** `DELETE /api/nodes/:id?mode=graceful|crash` (admin). */
export const StopNodeQuerySchema = z.object({ mode: StopModeSchema.default('graceful') });
export const StopNodeResponseSchema = z.object({ id: NodeIdSchema, mode: StopModeSchema, stopped: z.boolean() });
export type StopNodeResponse = z.infer<typeof StopNodeResponseSchema>;

/** `POST /api/messages` (admin): ask node `from` to send `text` to `to` (an id or a url). */
export const SendMessageRequestSchema = z.object({
  from: NodeIdSchema,
  to: z.union([NodeIdSchema, HttpUrlSchema]),
  text: MessageTextSchema,
  id: MessageIdSchema.optional(),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;
export const SendMessageResponseSchema = SendResultSchema;
