import { ErrorBodySchema } from '@peerscope/protocol';

export type ActionResult<T> = { ok: true; data: T } | { ok: false; message: string };

/** Calls one of the dashboard's own routes; errors come back as a readable message. */
export async function runAction<T>(method: string, path: string, body?: unknown): Promise<ActionResult<T>> {
  try {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, data: json as T };
    const error = ErrorBodySchema.safeParse(json);
    return { ok: false, message: error.success ? `${error.data.error.message} (${error.data.error.code})` : `failed with status ${response.status}` };
  } catch (err) {
    return { ok: false, message: `the dashboard did not answer: ${(err as Error).message}` };
  }
}
