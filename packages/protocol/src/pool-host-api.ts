import { z } from 'zod';
import { HttpUrlSchema, NodeIdSchema, TimestampSchema } from './common.js';
import { StopModeSchema } from './bootstrap-api.js';

/*
 * The host control API of a pool host process (apps/node/src/pool): whoever owns the host (today
 * the bootstrap's pool runtime) starts, stops, freezes and lists the nodes it runs. Every route is
 * behind the host's own token (`Authorization: Bearer <host token>`).
 */

/** `POST /nodes`: start one node under `id`, registering with `controlToken`. */
export const HostStartNodeRequestSchema = z
  .object({
    id: NodeIdSchema,
    controlToken: z.string().min(16).max(256),
    /** Lets the node's telemetry through the host's shared connection (not used yet). */
    reportTicket: z.string().min(16).max(1024).optional(),
  })
  .strict();
export type HostStartNodeRequest = z.infer<typeof HostStartNodeRequestSchema>;

/** One node a host runs. */
export const HostNodeSchema = z.object({
  id: NodeIdSchema,
  url: HttpUrlSchema,
  port: z.number().int().min(1).max(65535),
  paused: z.boolean(),
  startedAt: TimestampSchema,
});
export type HostNode = z.infer<typeof HostNodeSchema>;

/** `GET /nodes`. */
export const HostNodesResponseSchema = z.object({
  host: z.string(),
  pid: z.number().int(),
  nodes: z.array(HostNodeSchema),
});
export type HostNodesResponse = z.infer<typeof HostNodesResponseSchema>;

/** `DELETE /nodes/:id?mode=graceful|crash`. */
export const HostStopNodeQuerySchema = z.object({ mode: StopModeSchema.default('graceful') });
export const HostStopNodeResponseSchema = z.object({ id: NodeIdSchema, mode: StopModeSchema, stopped: z.literal(true) });
export type HostStopNodeResponse = z.infer<typeof HostStopNodeResponseSchema>;

/** `POST /nodes/:id/pause` and `POST /nodes/:id/resume`. */
export const HostPauseResponseSchema = z.object({ id: NodeIdSchema, paused: z.boolean() });
export type HostPauseResponse = z.infer<typeof HostPauseResponseSchema>;

/** What a host sends its owner over the IPC channel once it listens. */
export const HostReadyMessageSchema = z.object({ type: z.literal('ready'), host: z.string(), url: HttpUrlSchema, pid: z.number().int() });
export type HostReadyMessage = z.infer<typeof HostReadyMessageSchema>;
