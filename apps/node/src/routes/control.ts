import { ControlSendRequestSchema } from '@peerscope/protocol';
import { parseOr400, requireBearer } from '@peerscope/server-kit';
import { Router } from 'express';
import type { Messenger } from '../messenger.js';

/** What the bootstrap may ask of this node, with the node's own control token. */
export function controlRoutes(messenger: Messenger, controlToken: string): Router {
  const router = Router();
  router.use('/control', requireBearer(controlToken));

  router.post('/control/send', async (req, res) => {
    const command = parseOr400(ControlSendRequestSchema, req.body);
    res.json(await messenger.send(command));
  });

  return router;
}
