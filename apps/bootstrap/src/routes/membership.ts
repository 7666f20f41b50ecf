import { NodeIdSchema } from '@peerscope/protocol';
import { ApiError, bearerToken, parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { Overlay } from '../overlay.js';
import type { Registry } from '../registry.js';

/** Heartbeats and goodbyes from peerscope nodes, each vouched for by the node's control token. */
export function membershipRoutes(registry: Registry, overlay: Overlay): Router {
  const router = Router();

  router.post('/nodes/:id/heartbeat', (req, res) => {
    const id = parseOr400(NodeIdSchema, req.params.id, 'invalid_query');
    const outcome = registry.heartbeat(id, bearerToken(req));
    if (outcome === 'unknown') throw new ApiError('node_unknown', `${id} is not registered; register again`);
    if (outcome === 'unauthorized') throw new ApiError('unauthorized', `the token does not match ${id}'s registration`);
    const neighbours = overlay.neighboursOf(id);
    res.json({ id, status: outcome.status, nodes: registry.peersOf(id), ...(neighbours && { neighbours }) });
  });

  router.delete('/nodes/:id', (req, res) => {
    const id = parseOr400(NodeIdSchema, req.params.id, 'invalid_query');
    const outcome = registry.deregister(id, bearerToken(req));
    if (outcome === false) throw new ApiError('node_unknown', `${id} is not registered`);
    if (outcome === 'unauthorized') throw new ApiError('unauthorized', `the token does not match ${id}'s registration`);
    res.status(204).end();
  });

  return router;
}
