import { NextResponse } from 'next/server';
import { NodeIdSchema } from '@peerscope/protocol';
import { ApiError, parseOr400, readWebBody } from '@peerscope/server-kit';
import type { z } from 'zod';
import { adminSettingsFromEnv, callAdmin, errorAnswer, type AdminAnswer } from './bootstrap-admin';

// Which hosts and origins may call these routes, and who may act, is decided before Next sees the
// request: by the dashboard's own server (server/perimeter/), for pages, `/api/*` and `/ui` alike.

export const respond = (answer: AdminAnswer) => NextResponse.json(answer.body ?? null, { status: answer.status });

const answerFor = (error: ApiError): AdminAnswer => ({ status: error.status, body: error.toBody() });

/** Reads a JSON body (server-kit's one body reader: 64 KB, read as it streams) and parses it with `schema`. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ data: z.infer<S> } | { error: AdminAnswer }> {
  const body = await readWebBody(request);
  if (!body.ok) return { error: answerFor(body.error) };
  try {
    // An empty body is an empty object, so that `POST /api/nodes` alone starts the default count;
    // a JSON `null` is a body, and refused by the schema as the bootstrap refuses it.
    return { data: parseOr400(schema, body.value === undefined ? {} : body.value) };
  } catch (err) {
    return { error: answerFor(err as ApiError) };
  }
}

/** Forwards a validated action to the bootstrap's admin API, token added on this side only. */
export const forward = (method: string, path: string, body?: unknown) => callAdmin(adminSettingsFromEnv(), method, path, body);

/** An action without a body (DELETE, or POST on a node): forwarded as it is. */
export async function forwardBodyless(method: string, path: string) {
  return respond(await forward(method, path));
}

/** `POST /api/nodes/:id/<action>`: a valid node id, then forwarded to the same path. */
export async function forwardNodeAction(params: Promise<{ id: string }>, action: 'pause' | 'resume' | 'restart') {
  const id = NodeIdSchema.safeParse((await params).id);
  if (!id.success) return respond(errorAnswer('invalid_query', 'not a node id'));
  return respond(await forward('POST', `/nodes/${encodeURIComponent(id.data)}/${action}`));
}

/** Reads and validates a body, then forwards it to the bootstrap. */
export async function forwardBody<S extends z.ZodType>(request: Request, schema: S, method: string, path: string) {
  const body = await readBody(request, schema);
  if ('error' in body) return respond(body.error);
  return respond(await forward(method, path, body.data));
}
