import { RandomTrafficRequestSchema, RandomTrafficResultSchema, TraceIndexSchema, type ErrorCode } from '@peerscope/protocol';
import { z } from 'zod';
import { BODY_ERRORS, BOOTSTRAP_ADMIN_ROUTES, OPENAPI_DOCUMENT } from './bootstrap-routes.js';
import type { ApiTable, Route } from './route.js';

type AdminRoute = keyof typeof BOOTSTRAP_ADMIN_ROUTES;

/** A dashboard route that forwards to the bootstrap's admin route: same body and answer, the bootstrap's errors but its token. */
function forwarded(name: AdminRoute, path = BOOTSTRAP_ADMIN_ROUTES[name].path): Route {
  const route: Route = BOOTSTRAP_ADMIN_ROUTES[name];
  return { ...route, path, auth: 'none', forwardsTo: route.path };
}

const ROUTES: Route[] = [
  { method: 'get', path: '/openapi.json', summary: 'This document', auth: 'none', answer: { status: 200, body: OPENAPI_DOCUMENT }, errors: [] },
  forwarded('listNodes'),
  forwarded('startNodes'),
  forwarded('stopNode'),
  forwarded('pauseNode'),
  forwarded('resumeNode'),
  forwarded('restartNode'),
  forwarded('sendMessage'),
  {
    method: 'post',
    path: '/api/traffic',
    summary: "The course's random-traffic script as a button: N messages between random live pairs, answered when all are done",
    auth: 'none',
    body: { name: 'RandomTrafficRequest', schema: RandomTrafficRequestSchema, required: false },
    answer: { status: 200, body: { name: 'RandomTrafficResult', schema: RandomTrafficResultSchema } },
    errors: ['node_not_alive', 'node_unreachable'],
  },
  forwarded('faults'),
  forwarded('resetFaults'),
  forwarded('partition'),
  forwarded('heal'),
  forwarded('linkFault'),
  forwarded('overlay'),
  forwarded('setOverlay'),
  forwarded('broadcast'),
  forwarded('gossip'),
  forwarded('traffic', '/api/traffic/generator'),
  forwarded('startTraffic', '/api/traffic/generator'),
  forwarded('stopTraffic', '/api/traffic/generator'),
  forwarded('bootstrapStatus'),
  forwarded('crashBootstrap'),
  {
    method: 'get',
    path: '/api/trace',
    summary:
      "The session's kept trace, streamed: NDJSON (application/x-ndjson; `from`/`to` for a part, from the snapshot at or before `from`), or with format=shiviz a ShiViz log (text/plain) with vector clocks of `nodes` (default all, at most 100)",
    auth: 'none',
    // As the query is read (TraceQuerySchema): strings on the wire.
    query: z.object({ format: z.enum(['ndjson', 'shiviz']).optional(), nodes: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
    answer: { status: 200 },
    errors: ['too_many_trace_nodes', 'node_unknown', 'trace_unavailable'],
  },
  {
    method: 'get',
    path: '/api/trace/index',
    summary:
      "Where the kept trace's snapshots are: its header, first and last seq and time, every snapshot's seq and time (the time-travel slider seeks by it)",
    auth: 'none',
    answer: { status: 200, body: { name: 'TraceIndex', schema: TraceIndexSchema } },
    errors: ['trace_unavailable'],
  },
];

export const DASHBOARD_API: ApiTable = {
  title: 'peerscope dashboard',
  description:
    "The dashboard's own routes, what its page calls: no token (its server adds the admin token when it forwards to the bootstrap). Requests must name the dashboard's host (421 `host_not_allowed`) and come from its own pages when they carry an Origin (403 `cross_origin`); beyond loopback an action needs a sign-in (401 `sign_in_required`). Any other `/api` path answers 404 `not_found`, another method on a path below 405 `method_not_allowed`. The guide for people is docs/api.md.",
  routes: ROUTES,
  generalErrors: (route) => {
    const codes: ErrorCode[] = ['host_not_allowed', 'cross_origin', 'internal'];
    if (route.method !== 'get') codes.push('sign_in_required');
    if (route.body) codes.push(...BODY_ERRORS);
    if (route.pathParams || route.query) codes.push('invalid_query');
    // A bootstrap that cannot be reached, or does not answer within 20 s.
    if (route.forwardsTo) codes.push('node_unreachable');
    return codes;
  },
};
