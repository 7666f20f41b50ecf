import { PROTOCOL_VERSION } from '@peerscope/protocol';
import { Router } from 'express';
import { displayId, type Identity } from '../identity.js';
import type { Inbox } from '../inbox.js';
import type { PeerBook } from '../peer-book.js';

export interface ClassicRoutesDeps {
  identity: Identity;
  peers: PeerBook;
  inbox: Inbox;
}

/** The course's node API, so a student's node and ours can talk both ways. */
export function classicRoutes({ identity, peers, inbox }: ClassicRoutesDeps): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    res.json({
      message: `Node ${displayId(identity)} is running!`,
      id: identity.id ?? null,
      url: identity.url,
      peers: peers.reachable().length,
      protocol: PROTOCOL_VERSION,
      // Handy in a lab: `kill -9 <pid>` is how a person crashes a node by hand.
      pid: process.pid,
    });
  });

  router.get('/peers', (_req, res) => {
    const reachable = peers.reachable();
    res.json({ peers: reachable.map((p) => p.url), nodes: reachable });
  });

  // POST /message is served before Express: see message-endpoint.ts.

  router.get('/messages', (_req, res) => {
    res.json({ messages: inbox.list() });
  });

  return router;
}
