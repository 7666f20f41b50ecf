import { randomUUID } from 'node:crypto';
import {
  NodeIdSchema,
  SendMessageRequestSchema,
  StartNodesRequestSchema,
  StopNodeQuerySchema,
} from '@peerscope/protocol';
import { ApiError, parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { Agent } from 'undici';
import { requestSend } from '../node-control.js';
import type { NodeManager } from '../node-manager.js';
import type { Registry } from '../registry.js';

export interface AdminRoutesDeps {
  registry: Registry;
  manager: NodeManager;
  agent: Agent;
  messageTimeoutMs: number;
}

/** `/api`: what the dashboard (or a person with the admin token) may do to the network. */
/** Mounted behind the admin token check (app.ts). */
export function adminRoutes({ registry, manager, agent, messageTimeoutMs }: AdminRoutesDeps): Router {
  const router = Router();

  router.get('/nodes', async (_req, res) => {
    res.json(await manager.list());
  });

  router.post('/nodes', async (req, res) => {
    const { count } = parseOr400(StartNodesRequestSchema, req.body ?? {});
    res.status(201).json({ nodes: await manager.startNodes(count) });
  });

  router.delete('/nodes/:id', async (req, res) => {
    const id = parseOr400(NodeIdSchema, req.params.id, 'invalid_query');
    const { mode } = parseOr400(StopNodeQuerySchema, req.query, 'invalid_query');
    res.json(await manager.stopNode(id, mode));
  });

  router.post('/messages', async (req, res) => {
    const body = parseOr400(SendMessageRequestSchema, req.body);
    const from = registry.get(body.from);
    if (!from) throw new ApiError('node_unknown', `${body.from} is not registered`);
    const controlToken = registry.controlTokenOf(from.id);
    if (!controlToken) throw new ApiError('node_not_controllable', `${from.id} is a classic node; it has no control API`);
    if (from.status === 'dead') throw new ApiError('node_not_alive', `${from.id} is dead`);
    const to = registry.get(body.to) ?? registry.findByUrl(body.to);
    const command = { to: body.to, text: body.text, id: body.id ?? randomUUID(), ...(to && { toUrl: to.url }) };
    // The node's own timeout decides the outcome; ours only guards against a node that hangs.
    res.json(await requestSend(agent, { id: from.id, url: from.url, controlToken }, command, messageTimeoutMs + 2_000));
  });

  return router;
}
