import { HostStartNodeRequestSchema, HostStopNodeQuerySchema, NodeIdSchema, type HostNodesResponse } from '@peerscope/protocol';
import { parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { NodePool } from './node-pool.js';

/** The host control API (behind the host token, host-app.ts): start, stop, freeze and list nodes. */
export function hostRoutes(pool: NodePool, hostId: string): Router {
  const router = Router();
  const idOf = (raw: string | undefined) => parseOr400(NodeIdSchema, raw, 'invalid_query');

  router.get('/nodes', (_req, res) => {
    const answer: HostNodesResponse = { host: hostId, pid: process.pid, nodes: pool.list() };
    res.json(answer);
  });

  router.post('/nodes', async (req, res) => {
    const body = parseOr400(HostStartNodeRequestSchema, req.body);
    res.status(201).json(await pool.start(body));
  });

  router.delete('/nodes/:id', async (req, res) => {
    const id = idOf(req.params.id);
    const { mode } = parseOr400(HostStopNodeQuerySchema, req.query, 'invalid_query');
    await pool.stop(id, mode);
    res.json({ id, mode, stopped: true });
  });

  router.post('/nodes/:id/pause', (req, res) => {
    const { id, paused } = pool.pause(idOf(req.params.id));
    res.json({ id, paused });
  });

  router.post('/nodes/:id/resume', (req, res) => {
    const { id, paused } = pool.resume(idOf(req.params.id));
    res.json({ id, paused });
  });

  return router;
}
