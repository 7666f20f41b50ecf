import type {
  BroadcastRequestSchema,
  ErrorCode,
  GossipRequestSchema,
  LinkFaultRuleSchema,
  OverlayRequestSchema,
  PartitionRequestSchema,
  SendMessageRequestSchema,
  StopMode,
  TrafficRequestSchema,
} from '@peerscope/protocol';
import type { z } from 'zod';

/**
 * Why a call failed: the dashboard's own `{"error":{"code","message"}}`, or one of two codes for
 * what happened on the way (no answer at all; an answer its schema does not accept).
 */
export interface ApiFailure {
  code: ErrorCode | 'dashboard_unreachable' | 'unexpected_answer';
  message: string;
}

/** The protocol's one answer shape (as its `Ack`), with the answer parsed by its schema. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiFailure };

// The protocol's schemas (and zod, ~110 kB of script) load with the first call, beside its
// request, so the page's first script does not carry them.
type Protocol = typeof import('@peerscope/protocol');
let protocol: Promise<Protocol | undefined> | undefined;
const loadProtocol = () =>
  (protocol ??= import('@peerscope/protocol').catch(() => {
    protocol = undefined; // the next call asks again
    return undefined;
  }));

const failed = (code: ApiFailure['code'], message: string): { ok: false; error: ApiFailure } => ({ ok: false, error: { code, message } });

/** One request to the dashboard's `/api`, its answer checked against `answer`. */
async function call<S extends z.ZodType>(answer: (schemas: Protocol) => S, method: string, path: string, body?: unknown): Promise<ApiResult<z.infer<S>>> {
  const schemas = loadProtocol();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    return failed('dashboard_unreachable', `the dashboard did not answer: ${(err as Error).message}`);
  }
  const json: unknown = await response.json().catch(() => undefined);
  const loaded = await schemas;
  if (!loaded) return failed('dashboard_unreachable', 'the page could not load the schemas to check the answer');
  const { ErrorBodySchema } = loaded;
  if (!response.ok) {
    const error = ErrorBodySchema.safeParse(json);
    return error.success ? { ok: false, error: error.data.error } : failed('unexpected_answer', `failed with status ${response.status}`);
  }
  const data = answer(loaded).safeParse(json);
  if (!data.success)
    return failed('unexpected_answer', `${method} ${path} answered ${data.error.issues[0]?.path.join('.') || 'a body'}: ${data.error.issues[0]?.message}`);
  return { ok: true, data: data.data };
}

const nodePath = (id: string) => `/api/nodes/${encodeURIComponent(id)}`;

/**
 * The one place the page talks to the dashboard's own API (`app/api/*`): components call these
 * methods and never build a path. Requests are typed by the protocol's request schemas.
 */
export const dashboardApi = {
  startNodes: (count: number) => call((p) => p.StartNodesResponseSchema, 'POST', '/api/nodes', { count }),
  /** Leaves the network the polite way: the node deregisters before it stops. */
  removeNode: (id: string) => stopNode(id, 'graceful'),
  /** Kills the node without warning; the registry notices by the missing heartbeats. */
  crashNode: (id: string) => stopNode(id, 'crash'),
  restartNode: (id: string) => call((p) => p.RestartNodeResponseSchema, 'POST', `${nodePath(id)}/restart`),
  pauseNode: (id: string) => call((p) => p.PauseNodeResponseSchema, 'POST', `${nodePath(id)}/pause`),
  resumeNode: (id: string) => call((p) => p.PauseNodeResponseSchema, 'POST', `${nodePath(id)}/resume`),

  sendMessage: (request: z.input<typeof SendMessageRequestSchema>) => call((p) => p.SendResultSchema, 'POST', '/api/messages', request),
  broadcast: (request: z.input<typeof BroadcastRequestSchema>) => call((p) => p.BroadcastResultSchema, 'POST', '/api/broadcast', request),
  startGossip: (request: z.input<typeof GossipRequestSchema>) => call((p) => p.GossipStartedSchema, 'POST', '/api/gossip', request),

  /** The course's traffic script: `count` messages between random live pairs, answered when all are done. */
  sendRandomTraffic: (count: number) => call((p) => p.RandomTrafficResultSchema, 'POST', '/api/traffic', { count }),
  /** The bootstrap's traffic generator, in the background. */
  startTraffic: (request: z.input<typeof TrafficRequestSchema>) => call((p) => p.TrafficStatusSchema, 'POST', '/api/traffic/generator', request),
  stopTraffic: () => call((p) => p.TrafficStatusSchema, 'DELETE', '/api/traffic/generator'),

  partition: (request: z.input<typeof PartitionRequestSchema>) => call((p) => p.FaultStateSchema, 'POST', '/api/faults/partition', request),
  healPartition: () => call((p) => p.FaultStateSchema, 'DELETE', '/api/faults/partition'),
  /** Sets one link fault rule; all zero removes it. */
  setLinkFault: (rule: z.input<typeof LinkFaultRuleSchema>) => call((p) => p.FaultStateSchema, 'PUT', '/api/faults/links', rule),
  /** Heals the partition, clears every link fault and resumes paused nodes. */
  resetFaults: () => call((p) => p.FaultStateSchema, 'DELETE', '/api/faults'),

  /** Whether the bootstrap answers now (a failure is its answer that it does not). */
  bootstrapStatus: () => call((p) => p.BootstrapStatusSchema, 'GET', '/api/bootstrap'),
  /** The bootstrap kills itself without a goodbye; the launcher restarts it. */
  crashBootstrap: () => call((p) => p.BootstrapCrashAnswerSchema, 'POST', '/api/bootstrap/crash'),

  setOverlay: (request: z.input<typeof OverlayRequestSchema>) => call((p) => p.OverlayStateSchema, 'PUT', '/api/overlay', request),
};

function stopNode(id: string, mode: StopMode) {
  return call((p) => p.StopNodeResponseSchema, 'DELETE', `${nodePath(id)}?mode=${mode}`);
}
