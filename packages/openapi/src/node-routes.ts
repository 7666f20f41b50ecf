import {
  BroadcastResultSchema,
  ControlBroadcastRequestSchema,
  ControlGossipRequestSchema,
  ControlSendRequestSchema,
  GossipStartedSchema,
  IncomingMessageSchema,
  MessageAckSchema,
  MessagesResponseSchema,
  NodeFaultsSchema,
  NodeIndexSchema,
  PeersResponseSchema,
  SendResultSchema,
} from '@peerscope/protocol';
import { OPENAPI_DOCUMENT, serverGeneralErrors } from './bootstrap-routes.js';
import type { ApiTable, Route } from './route.js';

const NODE_FAULTS = { name: 'NodeFaults', schema: NodeFaultsSchema };

const ROUTES: Route[] = [
  {
    method: 'get',
    path: '/',
    summary: 'Health and identity (the course API)',
    auth: 'none',
    answer: { status: 200, body: { name: 'NodeIndex', schema: NodeIndexSchema } },
    errors: [],
  },
  { method: 'get', path: '/openapi.json', summary: 'This document', auth: 'none', answer: { status: 200, body: OPENAPI_DOCUMENT }, errors: [] },
  {
    method: 'get',
    path: '/peers',
    summary: "This node's peers, as the bootstrap last told it",
    auth: 'none',
    answer: { status: 200, body: { name: 'PeersResponse', schema: PeersResponseSchema } },
    errors: [],
  },
  {
    method: 'post',
    path: '/message',
    summary: 'Receive a message (course: `{"sender","msg"}`)',
    auth: 'none',
    body: { name: 'IncomingMessage', schema: IncomingMessageSchema, required: true },
    answer: { status: 200, body: { name: 'MessageAck', schema: MessageAckSchema } },
    errors: ['partitioned'],
  },
  {
    method: 'get',
    path: '/messages',
    summary: 'The messages this node received, oldest first',
    auth: 'none',
    answer: { status: 200, body: { name: 'MessagesResponse', schema: MessagesResponseSchema } },
    errors: [],
  },
  {
    method: 'post',
    path: '/control/send',
    summary: 'Send a message to a peer, and answer its outcome',
    auth: 'controlToken',
    body: { name: 'ControlSendRequest', schema: ControlSendRequestSchema, required: true },
    answer: { status: 200, body: { name: 'SendResult', schema: SendResultSchema } },
    errors: [],
  },
  {
    method: 'post',
    path: '/control/broadcast',
    summary: 'One copy of a message to each neighbour',
    auth: 'controlToken',
    body: { name: 'ControlBroadcastRequest', schema: ControlBroadcastRequestSchema, required: true },
    answer: { status: 200, body: { name: 'BroadcastResult', schema: BroadcastResultSchema } },
    errors: [],
  },
  {
    method: 'post',
    path: '/control/gossip',
    summary: 'Start a gossip from this node',
    auth: 'controlToken',
    body: { name: 'ControlGossipRequest', schema: ControlGossipRequestSchema, required: true },
    answer: { status: 200, body: { name: 'GossipStarted', schema: GossipStartedSchema } },
    errors: [],
  },
  {
    method: 'get',
    path: '/control/faults',
    summary: "This node's share of the faults",
    auth: 'controlToken',
    answer: { status: 200, body: NODE_FAULTS },
    errors: [],
  },
  {
    method: 'put',
    path: '/control/faults',
    summary: "Replace this node's share of the faults",
    auth: 'controlToken',
    body: { name: 'NodeFaultsRequest', schema: NodeFaultsSchema, required: true },
    answer: { status: 200, body: NODE_FAULTS },
    errors: [],
  },
];

export const NODE_API: ApiTable = {
  title: 'peerscope node',
  description:
    "A peer node: the course API (`GET /`, `GET /peers`, `POST /message`, `GET /messages`) and the control API under `/control` (the node's control token, held by the bootstrap). Any other method and path answers 404 `not_found`. The guide for people is docs/api.md.",
  routes: ROUTES,
  generalErrors: serverGeneralErrors,
};
