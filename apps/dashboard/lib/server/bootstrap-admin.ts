import {
  AdminNodesResponseSchema,
  ERROR_STATUS,
  ErrorBodySchema,
  FaultStateSchema,
  OverlayStateSchema,
  TrafficStatusSchema,
  type AdminNodesResponse,
  type ErrorCode,
  type FaultState,
  type OverlayState,
  type TrafficStatus,
} from '@peerscope/protocol';

/** An answer from the bootstrap's admin API: its status and body, passed on as they are. */
export interface AdminAnswer {
  status: number;
  body: unknown;
}

export interface AdminSettings {
  bootstrapUrl: string;
  adminToken: string;
}

/** Where the dashboard's server finds the bootstrap; set by server/main.ts before Next starts. */
export function adminSettingsFromEnv(): AdminSettings {
  return {
    bootstrapUrl: process.env.PEERSCOPE_BOOTSTRAP_URL ?? 'http://127.0.0.1:5000',
    adminToken: process.env.PEERSCOPE_ADMIN_TOKEN ?? '',
  };
}

/**
 * Calls the bootstrap's admin API with the token. Only the dashboard's server does this: the
 * browser never sees the token. A bootstrap that cannot be reached is a 502 in our error shape.
 */
// Long enough for the slowest admin call: a send over faulty links, a restart waiting for its node.
export async function callAdmin(settings: AdminSettings, method: string, path: string, body?: unknown, timeoutMs = 60_000): Promise<AdminAnswer> {
  try {
    const response = await fetch(`${settings.bootstrapUrl}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${settings.adminToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch (err) {
    return errorAnswer('node_unreachable', `the bootstrap at ${settings.bootstrapUrl} did not answer: ${(err as Error).message}`);
  }
}

export async function listNodes(settings: AdminSettings): Promise<AdminNodesResponse> {
  const answer = await callAdmin(settings, 'GET', '/nodes', undefined, 5_000);
  const parsed = AdminNodesResponseSchema.safeParse(answer.body);
  if (answer.status !== 200 || !parsed.success) throw new Error(describeFailure(answer));
  return parsed.data;
}

/**
 * The bootstrap's faults, overlay and traffic generator, each left out when the bootstrap does not
 * answer it (an older bootstrap has no such routes).
 */
export async function readDynamics(settings: AdminSettings): Promise<{ faults?: FaultState; overlay?: OverlayState; traffic?: TrafficStatus }> {
  const read = async <T>(path: string, schema: { safeParse(body: unknown): { success: true; data: T } | { success: false } }) => {
    const answer = await callAdmin(settings, 'GET', path, undefined, 5_000);
    const parsed = answer.status === 200 ? schema.safeParse(answer.body) : undefined;
    return parsed?.success ? parsed.data : undefined;
  };
  const [faults, overlay, traffic] = await Promise.all([
    read('/faults', FaultStateSchema),
    read('/overlay', OverlayStateSchema),
    read('/traffic', TrafficStatusSchema),
  ]);
  return { ...(faults && { faults }), ...(overlay && { overlay }), ...(traffic && { traffic }) };
}

/** An error answer in our shape; its status comes from the one table of codes. */
export function errorAnswer(code: ErrorCode, message: string): AdminAnswer {
  return { status: ERROR_STATUS[code], body: { error: { code, message } } };
}

export function describeFailure(answer: AdminAnswer): string {
  const parsed = ErrorBodySchema.safeParse(answer.body);
  return parsed.success ? `${parsed.data.error.code}: ${parsed.data.error.message}` : `status ${answer.status}`;
}
