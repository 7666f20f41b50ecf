import { NextResponse } from 'next/server';
import { NodeIdSchema } from '@peerscope/protocol';
import type { z } from 'zod';
import { adminSettingsFromEnv, callAdmin, errorAnswer, type AdminAnswer } from './bootstrap-admin';

const BODY_LIMIT_BYTES = 64 * 1024;

export const respond = (answer: AdminAnswer) => NextResponse.json(answer.body ?? null, { status: answer.status });

/**
 * The dashboard's actions come only from its own pages: a browser sends `Origin` with every POST
 * and DELETE, and one from another site is refused (the routes need no token, so this is what
 * keeps a foreign page from driving the network).
 */
export function refuseCrossSite(request: Request): AdminAnswer | undefined {
  const origin = request.headers.get('origin');
  if (origin === null) return undefined;
  try {
    if (new URL(origin).host === request.headers.get('host')) return undefined;
  } catch {
    // An unreadable Origin is refused like a foreign one.
  }
  return errorAnswer('cross_origin', 403, "actions are accepted only from the dashboard's own pages");
}

/** Reads a JSON body up to 64 KB and parses it with `schema`; otherwise a 4xx answer to return. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ data: z.infer<S> } | { error: AdminAnswer }> {
  const foreign = refuseCrossSite(request);
  if (foreign) return { error: foreign };
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get('content-type') ?? '')) {
    return { error: errorAnswer('unsupported_media_type', 415, 'send the body as application/json') };
  }
  if (Number(request.headers.get('content-length') ?? 0) > BODY_LIMIT_BYTES) {
    return { error: errorAnswer('body_too_large', 413, 'the body is larger than 64 KB') };
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > BODY_LIMIT_BYTES) return { error: errorAnswer('body_too_large', 413, 'the body is larger than 64 KB') };
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    return { error: errorAnswer('bad_json', 400, 'the body is not valid JSON') };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: errorAnswer('invalid_body', 400, `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`) };
  }
  return { data: parsed.data };
}

/** Forwards a validated action to the bootstrap's admin API, token added on this side only. */
export const forward = (method: string, path: string, body?: unknown) => callAdmin(adminSettingsFromEnv(), method, path, body);

/** An action without a body (DELETE, or POST on a node): same-site only, then forwarded. */
export async function forwardBodyless(request: Request, method: string, path: string) {
  const foreign = refuseCrossSite(request);
  if (foreign) return respond(foreign);
  return respond(await forward(method, path));
}

/** `POST /api/nodes/:id/<action>`: a valid node id, then forwarded to the same path. */
export async function forwardNodeAction(request: Request, params: Promise<{ id: string }>, action: 'pause' | 'resume' | 'restart') {
  const foreign = refuseCrossSite(request);
  if (foreign) return respond(foreign);
  const id = NodeIdSchema.safeParse((await params).id);
  if (!id.success) return respond(errorAnswer('invalid_query', 400, 'not a node id'));
  return respond(await forward('POST', `/nodes/${encodeURIComponent(id.data)}/${action}`));
}

/** Reads and validates a body, then forwards it to the bootstrap. */
export async function forwardBody<S extends z.ZodType>(request: Request, schema: S, method: string, path: string) {
  const body = await readBody(request, schema);
  if ('error' in body) return respond(body.error);
  return respond(await forward(method, path, body.data));
}
