import { NodeIdSchema, type MembershipStats } from '@peerscope/protocol';
import { ApiError, bearerToken, parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { FailureDetector } from '../failure-detector.js';
import type { Overlay } from '../overlay.js';
import type { Registry } from '../registry.js';

/**
 * Goodbyes from peerscope nodes, each vouched for by the node's control token. Heartbeats are
 * served before Express (heartbeat-endpoint.ts).
 */
export function membershipRoutes(registry: Registry): Router {
  const router = Router();

  router.delete('/nodes/:id', (req, res) => {
    const id = parseOr400(NodeIdSchema, req.params.id, 'invalid_query');
    const outcome = registry.deregister(id, bearerToken(req));
    if (outcome === false) throw new ApiError('node_unknown', `${id} is not registered`);
    if (outcome === 'unauthorized') throw new ApiError('unauthorized', `the token does not match ${id}'s registration`);
    res.status(204).end();
  });

  return router;
}

/** `GET /api/membership` (admin): the peer list's and overlay's versions, and what the failure detector did. */
export function membershipStatsRoutes(registry: Registry, overlay: Overlay, detector: FailureDetector): Router {
  const router = Router();
  router.get('/membership', (_req, res) => {
    const { epoch, version } = registry.peerList;
    const answer: MembershipStats = { epoch, version, overlayVersion: overlay.version, detector: detector.stats() };
    res.json(answer);
  });
  return router;
}
