import { ERROR_STATUS, ErrorBodySchema, PROTOCOL_VERSION, type ErrorCode } from '@peerscope/protocol';
import { z } from 'zod';
import { errorsOf, type ApiTable, type NamedSchema, type Route, type RouteAuth } from './route.js';

type JsonSchema = Record<string, unknown>;
/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = Record<string, unknown> & { openapi: string; paths: Record<string, Record<string, unknown>> };

const CODE_ORDER = Object.keys(ERROR_STATUS) as ErrorCode[];

const SECURITY_SCHEMES: Record<Exclude<RouteAuth, 'none'>, { type: 'http'; scheme: 'bearer'; description: string }> = {
  adminToken: { type: 'http', scheme: 'bearer', description: 'The admin token (PEERSCOPE_ADMIN_TOKEN, or the one saved in .peerscope/admin-token).' },
  controlToken: { type: 'http', scheme: 'bearer', description: "The node's control token, which the bootstrap holds." },
  nodeToken: { type: 'http', scheme: 'bearer', description: "The node's own control token, as it gave it at registration." },
};

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect): what a request may send (`input`) or an answer holds (`output`). */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** The error answer of one status, its `code` limited to the codes this route answers with it. */
export function errorSchema(codes: ErrorCode[]): JsonSchema {
  const body = jsonSchemaOf(ErrorBodySchema, 'output') as { properties: { error: { properties: Record<string, JsonSchema> } } };
  body.properties.error.properties.code = { type: 'string', enum: codes };
  return body;
}

/** The route's error codes grouped by their HTTP status. */
export function errorsByStatus(api: ApiTable, route: Route): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(api, route, CODE_ORDER)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return byStatus;
}

/** The OpenAPI 3.1 document of one API, built from its route table and the protocol's schemas. */
export function openApiDocument(api: ApiTable): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const seen = new Map<string, { schema: z.ZodType; io: string }>();
  const ref = ({ name, schema }: NamedSchema, io: 'input' | 'output') => {
    const earlier = seen.get(name);
    // A request (input: defaults optional) and an answer (output) read differently: one name each.
    if (earlier && (earlier.schema !== schema || earlier.io !== io)) throw new Error(`${api.title}: two schemas are named ${name}`);
    seen.set(name, { schema, io });
    schemas[name] ??= jsonSchemaOf(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const route of api.routes) {
    (paths[route.path] ??= {})[route.method] = operation(api, route, ref);
  }
  const used = new Set<RouteAuth>(api.routes.map((route) => route.auth));
  return {
    openapi: '3.1.0',
    info: { title: api.title, version: String(PROTOCOL_VERSION), description: api.description },
    paths,
    components: {
      schemas,
      securitySchemes: Object.fromEntries(Object.entries(SECURITY_SCHEMES).filter(([name]) => used.has(name as RouteAuth))),
    },
  };
}

function operation(api: ApiTable, route: Route, ref: (named: NamedSchema, io: 'input' | 'output') => { $ref: string }): Record<string, unknown> {
  const responses: Record<string, unknown> = {
    [route.answer.status]: route.answer.body
      ? { description: route.answer.body.name, content: { 'application/json': { schema: ref(route.answer.body, 'output') } } }
      : { description: 'Done; no body' },
  };
  for (const [status, codes] of errorsByStatus(api, route)) {
    responses[status] = {
      description: codes.map((code) => `\`${code}\``).join(', '),
      ...(codes.includes('rate_limited') && { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }),
      content: { 'application/json': { schema: errorSchema(codes) } },
    };
  }
  return {
    operationId: operationId(route),
    summary: route.summary,
    ...(route.forwardsTo && { description: `Forwards to the bootstrap's \`${route.method.toUpperCase()} ${route.forwardsTo}\` with the admin token.` }),
    ...(route.auth !== 'none' && { security: [{ [route.auth]: [] }] }),
    ...(parameters(route).length > 0 && { parameters: parameters(route) }),
    ...(route.body && { requestBody: { required: route.body.required, content: { 'application/json': { schema: ref(route.body, 'input') } } } }),
    responses,
  };
}

function parameters(route: Route): Array<Record<string, unknown>> {
  const of = (object: z.ZodObject | undefined, where: 'path' | 'query') =>
    Object.entries(object ? ((jsonSchemaOf(object, 'input').properties as Record<string, JsonSchema>) ?? {}) : {}).map(([name, schema]) => ({
      name,
      in: where,
      required: where === 'path',
      schema,
    }));
  return [...of(route.pathParams, 'path'), ...of(route.query, 'query')];
}

/** `post /api/nodes/{id}/pause` → `postApiNodesIdPause`. */
function operationId(route: Route): string {
  const words = route.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return route.method + (words.length ? words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('') : 'Root');
}
