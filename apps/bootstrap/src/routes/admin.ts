import { NodeIdSchema, SendMessageRequestSchema, StartNodesRequestSchema, StopNodeQuerySchema } from '@peerscope/protocol';
import { ApiError, parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { NodeCommands } from '../node-commands.js';
import type { NodeManager } from '../node-manager.js';

export interface AdminRoutesDeps {
  manager: NodeManager;
  commands: NodeCommands;
  crash?: () => void;
}

/** `/api`: what the dashboard (or a person with the admin token) may do; behind the admin token (app.ts). */
export function adminRoutes({ manager, commands, crash }: AdminRoutesDeps): Router {
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

  // How the dashboard tells the bootstrap is up (and since when: a restart shows as a new start).
  const startedAt = Date.now();
  router.get('/bootstrap', (_req, res) => {
    res.json({ status: 'up', startedAt, supervised: crash !== undefined });
  });

  // A lesson: the bootstrap dies as a crash would have it (no goodbye, nothing saved on the way out),
  // once the answer has left; the launcher restarts it and the nodes, which never depended on it, go on.
  router.post('/bootstrap/crash', (_req, res) => {
    if (!crash) throw new ApiError('not_supervised', 'this bootstrap was not started by the launcher: nothing would restart it');
    res.once('finish', () => setTimeout(crash, 20));
    res.status(202).json({ status: 'crashing' });
  });

  return router;
}
