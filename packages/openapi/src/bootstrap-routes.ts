import {
  AdminNodesResponseSchema,
  BootstrapCrashAnswerSchema,
  BootstrapIndexSchema,
  BootstrapStatusSchema,
  BroadcastRequestSchema,
  BroadcastResultSchema,
  FaultStateSchema,
  GossipRequestSchema,
  GossipStartedSchema,
  HeartbeatQuerySchema,
  HeartbeatResponseSchema,
  LinkFaultRuleSchema,
  MembershipStatsSchema,
  NodeIdSchema,
  OpenApiDocumentSchema,
  OverlayRequestSchema,
  OverlayStateSchema,
  PartitionRequestSchema,
  PauseNodeResponseSchema,
  PeersResponseSchema,
  RegisterRequestSchema,
  RegisterResponseSchema,
  RestartNodeResponseSchema,
  SendMessageRequestSchema,
  SendResultSchema,
  StartNodesRequestSchema,
  StartNodesResponseSchema,
  StopNodeQuerySchema,
  StopNodeResponseSchema,
  TrafficRequestSchema,
  TrafficStatusSchema,
  type ErrorCode,
} from '@peerscope/protocol';
import { z } from 'zod';
import type { ApiTable, Route } from './route.js';

export const IdParams = z.object({ id: NodeIdSchema });
export const OPENAPI_DOCUMENT = { name: 'OpenApiDocument', schema: OpenApiDocumentSchema };
const FAULT_STATE = { name: 'FaultState', schema: FaultStateSchema };
const OVERLAY_STATE = { name: 'OverlayState', schema: OverlayStateSchema };
const TRAFFIC_STATUS = { name: 'TrafficStatus', schema: TrafficStatusSchema };
const PAUSE_ANSWER = { name: 'PauseNodeResponse', schema: PauseNodeResponseSchema };
/** What asking a node to send (send, broadcast, gossip) may answer besides the answer. */
const COMMAND_ERRORS: ErrorCode[] = ['node_unknown', 'node_not_controllable', 'node_not_alive', 'node_unreachable', 'node_unanswered'];

/** The bootstrap's admin routes (`/api`): the dashboard forwards most of them (dashboard-routes.ts). */
export const BOOTSTRAP_ADMIN_ROUTES = {
  membership: {
    method: 'get',
    path: '/api/membership',
    summary: "The peer list's version and what the failure detector did",
    auth: 'adminToken',
    answer: { status: 200, body: { name: 'MembershipStats', schema: MembershipStatsSchema } },
    errors: [],
  },
  listNodes: {
    method: 'get',
    path: '/api/nodes',
    summary: 'Every registry entry, and whether this runtime runs it',
    auth: 'adminToken',
    answer: { status: 200, body: { name: 'AdminNodesResponse', schema: AdminNodesResponseSchema } },
    errors: [],
  },
  startNodes: {
    method: 'post',
    path: '/api/nodes',
    summary: 'Start nodes through the runtime and wait for them to register',
    auth: 'adminToken',
    body: { name: 'StartNodesRequest', schema: StartNodesRequestSchema, required: false },
    answer: { status: 201, body: { name: 'StartNodesResponse', schema: StartNodesResponseSchema } },
    errors: ['too_many_nodes', 'runtime_failed'],
  },
  stopNode: {
    method: 'delete',
    path: '/api/nodes/{id}',
    summary: 'Stop a node the runtime runs, gracefully or as a crash',
    auth: 'adminToken',
    pathParams: IdParams,
    query: StopNodeQuerySchema,
    answer: { status: 200, body: { name: 'StopNodeResponse', schema: StopNodeResponseSchema } },
    errors: ['node_unknown', 'node_not_managed', 'node_busy'],
  },
  pauseNode: {
    method: 'post',
    path: '/api/nodes/{id}/pause',
    summary: 'Freeze a node (SIGSTOP, docker pause)',
    auth: 'adminToken',
    pathParams: IdParams,
    answer: { status: 200, body: PAUSE_ANSWER },
    errors: ['node_unknown', 'node_not_managed'],
  },
  resumeNode: {
    method: 'post',
    path: '/api/nodes/{id}/resume',
    summary: 'Thaw a paused node',
    auth: 'adminToken',
    pathParams: IdParams,
    answer: { status: 200, body: PAUSE_ANSWER },
    errors: ['node_unknown', 'node_not_managed'],
  },
  restartNode: {
    method: 'post',
    path: '/api/nodes/{id}/restart',
    summary: 'Start a node again under its id',
    auth: 'adminToken',
    pathParams: IdParams,
    answer: { status: 200, body: { name: 'StartedNode', schema: RestartNodeResponseSchema } },
    errors: ['node_unknown', 'node_not_controllable', 'node_running', 'node_busy', 'runtime_failed'],
  },
  sendMessage: {
    method: 'post',
    path: '/api/messages',
    summary: 'Ask node `from` to send a message, and answer its outcome (also when delivery failed)',
    auth: 'adminToken',
    body: { name: 'SendMessageRequest', schema: SendMessageRequestSchema, required: true },
    answer: { status: 200, body: { name: 'SendResult', schema: SendResultSchema } },
    errors: COMMAND_ERRORS,
  },
  bootstrapStatus: {
    method: 'get',
    path: '/api/bootstrap',
    summary: 'Whether the bootstrap answers, and since when',
    auth: 'adminToken',
    answer: { status: 200, body: { name: 'BootstrapStatus', schema: BootstrapStatusSchema } },
    errors: [],
  },
  crashBootstrap: {
    method: 'post',
    path: '/api/bootstrap/crash',
    summary: 'The bootstrap kills itself once this answer has left; the launcher restarts it',
    auth: 'adminToken',
    answer: { status: 202, body: { name: 'BootstrapCrashAnswer', schema: BootstrapCrashAnswerSchema } },
    errors: ['not_supervised'],
  },
  faults: { method: 'get', path: '/api/faults', summary: 'The faults in force', auth: 'adminToken', answer: { status: 200, body: FAULT_STATE }, errors: [] },
  partition: {
    method: 'post',
    path: '/api/faults/partition',
    summary: 'Cut a group of nodes off from the others',
    auth: 'adminToken',
    body: { name: 'PartitionRequest', schema: PartitionRequestSchema, required: true },
    answer: { status: 200, body: FAULT_STATE },
    errors: ['node_unknown'],
  },
  heal: {
    method: 'delete',
    path: '/api/faults/partition',
    summary: 'Remove the partition',
    auth: 'adminToken',
    answer: { status: 200, body: FAULT_STATE },
    errors: [],
  },
  linkFault: {
    method: 'put',
    path: '/api/faults/links',
    summary: 'Set latency, jitter and loss on a link, or on every link out of a node',
    auth: 'adminToken',
    body: { name: 'LinkFaultRule', schema: LinkFaultRuleSchema, required: true },
    answer: { status: 200, body: FAULT_STATE },
    errors: ['node_unknown'],
  },
  resetFaults: {
    method: 'delete',
    path: '/api/faults',
    summary: 'Heal, clear every link fault, resume paused nodes',
    auth: 'adminToken',
    answer: { status: 200, body: FAULT_STATE },
    errors: [],
  },
  overlay: {
    method: 'get',
    path: '/api/overlay',
    summary: 'The overlay in force',
    auth: 'adminToken',
    answer: { status: 200, body: OVERLAY_STATE },
    errors: [],
  },
  setOverlay: {
    method: 'put',
    path: '/api/overlay',
    summary: 'Choose the overlay: full mesh, partial view, ring',
    auth: 'adminToken',
    body: { name: 'OverlayRequest', schema: OverlayRequestSchema, required: true },
    answer: { status: 200, body: OVERLAY_STATE },
    errors: [],
  },
  broadcast: {
    method: 'post',
    path: '/api/broadcast',
    summary: "One copy of a message to each of the node's neighbours",
    auth: 'adminToken',
    body: { name: 'BroadcastRequest', schema: BroadcastRequestSchema, required: true },
    answer: { status: 200, body: { name: 'BroadcastResult', schema: BroadcastResultSchema } },
    errors: COMMAND_ERRORS,
  },
  gossip: {
    method: 'post',
    path: '/api/gossip',
    summary: 'Start a gossip; it spreads hop by hop after the answer',
    auth: 'adminToken',
    body: { name: 'GossipRequest', schema: GossipRequestSchema, required: true },
    answer: { status: 200, body: { name: 'GossipStarted', schema: GossipStartedSchema } },
    errors: COMMAND_ERRORS,
  },
  traffic: {
    method: 'get',
    path: '/api/traffic',
    summary: "The traffic generator's status",
    auth: 'adminToken',
    answer: { status: 200, body: TRAFFIC_STATUS },
    errors: [],
  },
  startTraffic: {
    method: 'post',
    path: '/api/traffic',
    summary: 'Start background traffic: a count, or a rate for a duration',
    auth: 'adminToken',
    body: { name: 'TrafficRequest', schema: TrafficRequestSchema, required: true },
    answer: { status: 202, body: TRAFFIC_STATUS },
    errors: [],
  },
  stopTraffic: {
    method: 'delete',
    path: '/api/traffic',
    summary: 'Stop the traffic running now',
    auth: 'adminToken',
    answer: { status: 200, body: TRAFFIC_STATUS },
    errors: [],
  },
} satisfies Record<string, Route>;

const CLASSIC_ROUTES: Route[] = [
  {
    method: 'get',
    path: '/',
    summary: 'Health and counts (the course API)',
    auth: 'none',
    answer: { status: 200, body: { name: 'BootstrapIndex', schema: BootstrapIndexSchema } },
    errors: [],
  },
  { method: 'get', path: '/openapi.json', summary: 'This document', auth: 'none', answer: { status: 200, body: OPENAPI_DOCUMENT }, errors: [] },
  {
    method: 'post',
    path: '/register',
    summary: 'Register a node (course: `{"peer"}`; peerscope: `{url, id, controlToken}`)',
    auth: 'none',
    body: { name: 'RegisterRequest', schema: RegisterRequestSchema, required: true },
    answer: { status: 200, body: { name: 'RegisterResponse', schema: RegisterResponseSchema } },
    errors: ['url_not_allowed', 'id_taken', 'registry_full', 'rate_limited'],
  },
  {
    method: 'get',
    path: '/peers',
    summary: 'Every node that is not dead (the course API)',
    auth: 'none',
    answer: { status: 200, body: { name: 'PeersResponse', schema: PeersResponseSchema } },
    errors: [],
  },
];

const MEMBERSHIP_ROUTES: Route[] = [
  {
    method: 'post',
    path: '/nodes/{id}/heartbeat',
    summary: "A peerscope node's heartbeat; answers what changed in its peer list",
    auth: 'nodeToken',
    readsNoBody: true,
    pathParams: IdParams,
    query: HeartbeatQuerySchema,
    answer: { status: 200, body: { name: 'HeartbeatResponse', schema: HeartbeatResponseSchema } },
    errors: ['node_unknown'],
  },
  {
    method: 'delete',
    path: '/nodes/{id}',
    summary: "A peerscope node's goodbye",
    auth: 'nodeToken',
    readsNoBody: true,
    pathParams: IdParams,
    answer: { status: 204 },
    errors: ['node_unknown'],
  },
];

/** The body reader's codes (server-kit's body.ts), on every route that reads one. */
export const BODY_ERRORS: ErrorCode[] = ['bad_json', 'invalid_body', 'unsupported_media_type', 'body_too_large'];

/** What every route of the bootstrap and the nodes may answer (docs/api.md, General rules). */
export function serverGeneralErrors(route: Route): ErrorCode[] {
  return [
    ...(route.readsNoBody ? [] : BODY_ERRORS),
    ...(route.body ? (['invalid_body'] as const) : []),
    ...(route.auth !== 'none' ? (['unauthorized'] as const) : []),
    ...(route.pathParams || route.query ? (['invalid_query'] as const) : []),
    'internal',
  ];
}

export const BOOTSTRAP_API: ApiTable = {
  title: 'peerscope bootstrap',
  description:
    'The registry: the course API (`GET /`, `POST /register`, `GET /peers`), the membership API of peerscope nodes, and the admin API under `/api` (admin token). Any other method and path answers 404 `not_found`. The guide for people is docs/api.md.',
  routes: [...CLASSIC_ROUTES, ...MEMBERSHIP_ROUTES, ...Object.values(BOOTSTRAP_ADMIN_ROUTES)],
  generalErrors: serverGeneralErrors,
};
