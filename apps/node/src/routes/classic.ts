import { randomUUID } from 'node:crypto';
import { IncomingMessageSchema, PROTOCOL_VERSION } from '@peerscope/protocol';
import { parseOr400 } from '@peerscope/server-kit';
import type { EventInput } from '@peerscope/telemetry';
import { Router } from 'express';
import { displayId, type Identity } from '../identity.js';
import type { Inbox } from '../inbox.js';
import type { PeerBook } from '../peer-book.js';

export interface ClassicRoutesDeps {
  identity: Identity;
  peers: PeerBook;
  inbox: Inbox;
  report: (event: EventInput) => void;
}

/** The course's node API, so a student's node and ours can talk both ways. */
export function classicRoutes({ identity, peers, inbox, report }: ClassicRoutesDeps): Router {
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

  router.post('/message', (req, res) => {
    const message = parseOr400(IncomingMessageSchema, req.body);
    const id = message.id ?? randomUUID();
    const receivedAt = Date.now();
    inbox.add({
      id,
      sender: message.sender,
      msg: message.msg,
      ...(message.from && { from: message.from }),
      ...(message.sentAt !== undefined && { sentAt: message.sentAt }),
      receivedAt,
    });
    report({ type: 'message:received', id, from: message.from ?? message.sender, to: displayId(identity), text: message.msg, at: receivedAt });
    res.json({ status: 'received' });
  });

  router.get('/messages', (_req, res) => {
    res.json({ messages: inbox.list() });
  });

  return router;
}
