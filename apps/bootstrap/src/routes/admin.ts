import { NodeIdSchema, SendMessageRequestSchema, StartNodesRequestSchema, StopNodeQuerySchema } from '@peerscope/protocol';
import { parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { NodeCommands } from '../node-commands.js';
import type { NodeManager } from '../node-manager.js';

export interface AdminRoutesDeps {
  manager: NodeManager;
  commands: NodeCommands;
}

/** `/api`: what the dashboard (or a person with the admin token) may do; behind the admin token (app.ts). */
export function adminRoutes({ manager, commands }: AdminRoutesDeps): Router {
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
    const { from, to, text, id } = parseOr400(SendMessageRequestSchema, req.body);
    res.json(await commands.send(from, to, text, id));
  });

  return router;
}
