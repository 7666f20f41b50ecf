import { z } from 'zod';

/**
 * Every error code any peerscope API answers with, and the HTTP status it travels with.
 * The table in docs/api.md lists the same codes; keep the two together.
 */
export const ERROR_STATUS = {
  bad_json: 400,
  invalid_body: 400,
  invalid_query: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  unauthorized: 401,
  /** The dashboard listens beyond loopback and this action needs a signed-in session (viewers watch only). */
  sign_in_required: 401,
  not_found: 404,
  /** The route exists but takes another method (the dashboard's routes; the others answer not_found). */
  method_not_allowed: 405,
  node_unknown: 404,
  url_not_allowed: 403,
  cross_origin: 403,
  /** A request for a host name the dashboard does not serve (a DNS-rebinding page, say). */
  host_not_allowed: 421,
  id_taken: 409,
  node_not_controllable: 409,
  node_not_alive: 409,
  node_not_managed: 409,
  too_many_nodes: 409,
  /** A ShiViz export of more nodes than its vector clocks are kept to (`GET /api/trace`, MAX_SHIVIZ_NODES). */
  too_many_trace_nodes: 400,
  /** `GET /api/trace` while recording is off, or before anything was recorded. */
  trace_unavailable: 404,
  node_running: 409,
  /** A restart or stop of a node while the bootstrap is starting or restarting it. */
  node_busy: 409,
  /** `POST /api/bootstrap/crash` on a bootstrap that nothing would restart (not under the launcher). */
  not_supervised: 409,
  /** The registry holds as many entries (or classic entries) as its bounds allow. */
  registry_full: 409,
  /** Registrations come faster than the bootstrap takes them; retry after `Retry-After` seconds. */
  rate_limited: 429,
  node_unreachable: 502,
  /** A node took a command and did not answer in time: what it did is unknown. */
  node_unanswered: 504,
  /** A node refusing a message from across a partition (its sender reports the send `partitioned`). */
  partitioned: 503,
  runtime_failed: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** Why a message was not delivered. These travel inside a send result, not as HTTP errors. */
export const SendFailureCodeSchema = z.enum([
  'peer_unknown',
  'peer_unreachable',
  'timeout',
  'peer_error',
  /** Across a partition the person made: the sender's or the receiver's networking layer refused it. */
  'partitioned',
  /** Dropped by an injected link loss; the sender is told at once instead of after its timeout. */
  'lost',
]);
export type SendFailureCode = z.infer<typeof SendFailureCodeSchema>;

/** The one error shape of every HTTP API: `{"error":{"code","message"}}`. */
export const ErrorBodySchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
