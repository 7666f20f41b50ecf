import { ControlSendRequestSchema } from '@peerscope/protocol';
import { parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { Messenger } from '../messenger.js';

/** What the bootstrap may ask of this node; mounted behind its control token check (app.ts). */
export function controlRoutes(messenger: Messenger): Router {
  const router = Router();

  router.post('/control/send', async (req, res) => {
    const command = parseOr400(ControlSendRequestSchema, req.body);
    res.json(await messenger.send(command));
  });

  return router;
}
