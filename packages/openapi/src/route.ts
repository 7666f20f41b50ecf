import type { ErrorCode } from '@peerscope/protocol';
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/** Who may call a route: anyone, the admin token, a node's control token (its control API), or the node's own token at the bootstrap. */
export type RouteAuth = 'none' | 'adminToken' | 'controlToken' | 'nodeToken';

/** A named schema: the name is its entry under `components.schemas`. */
export interface NamedSchema {
  name: string;
  schema: z.ZodType;
}

/**
 * One route of one HTTP API, as the one table that drives its OpenAPI document, its contract
 * test and the check against docs/api.md.
 */
export interface Route {
  method: HttpMethod;
  /** OpenAPI form: `/api/nodes/{id}`. */
  path: string;
  summary: string;
  auth: RouteAuth;
  /** `:id` in the path. */
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  /** The request body; `required: false` when an empty body counts as `{}`. */
  body?: NamedSchema & { required: boolean };
  /** The success answer: its status, and its body's schema (none for 204). */
  answer: { status: number; body?: NamedSchema };
  /** The codes this route answers beyond the general ones of its API (see `ApiTable.generalErrors`). */
  errors: ErrorCode[];
  /** A dashboard route that forwards to this bootstrap admin path (its answers and errors come back unchanged). */
  forwardsTo?: string;
  /** Served before the body reader (membership routes): a body is neither read nor checked. */
  readsNoBody?: boolean;
}

/** One HTTP API: its routes, and the codes every route of it may answer whatever it is. */
export interface ApiTable {
  title: string;
  description: string;
  routes: Route[];
  generalErrors(route: Route): ErrorCode[];
}

/** Every code a route may answer: its own and its API's general ones, in ERROR_STATUS order. */
export function errorsOf(api: ApiTable, route: Route, order: readonly ErrorCode[]): ErrorCode[] {
  const codes = new Set([...route.errors, ...api.generalErrors(route)]);
  return order.filter((code) => codes.has(code));
}
