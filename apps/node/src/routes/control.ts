import { ControlBroadcastRequestSchema, ControlGossipRequestSchema, ControlSendRequestSchema, NodeFaultsSchema } from '@peerscope/protocol';
import { parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import { broadcast, type BroadcastDeps } from '../broadcast.js';
import type { Faults } from '../faults.js';
import type { Gossip } from '../gossip.js';

export interface ControlRoutesDeps extends BroadcastDeps {
  faults: Faults;
  gossip: Gossip;
}

/** What the bootstrap may ask of this node; mounted behind its control token check (app.ts). */
export function controlRoutes(deps: ControlRoutesDeps): Router {
  const { messenger, faults, gossip } = deps;
  const router = Router();

  router.post('/control/send', async (req, res) => {
    const command = parseOr400(ControlSendRequestSchema, req.body);
    res.json(await messenger.send(command));
  });

  router.post('/control/broadcast', async (req, res) => {
    const { text, id } = parseOr400(ControlBroadcastRequestSchema, req.body);
    res.json(await broadcast(deps, text, id));
  });

  // Answers at once; the gossip spreads hop by hop afterwards.
  router.post('/control/gossip', (req, res) => {
    res.json(gossip.start(parseOr400(ControlGossipRequestSchema, req.body)));
  });

  router.get('/control/faults', (_req, res) => {
    res.json(faults.current());
  });

  // The whole share of faults at once: what is not in the body is healed.
  router.put('/control/faults', (req, res) => {
    res.json(faults.replace(parseOr400(NodeFaultsSchema, req.body)));
  });

  return router;
}
