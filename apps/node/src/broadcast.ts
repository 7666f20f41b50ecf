import { randomUUID } from 'node:crypto';
import type { BroadcastResult } from '@peerscope/protocol';
import { displayId, type Identity } from './identity.js';
import type { Messenger } from './messenger.js';
import type { PeerBook } from './peer-book.js';

export interface BroadcastDeps {
  identity: Identity;
  peers: PeerBook;
  messenger: Messenger;
}

/** One copy of `text` to each neighbour, in parallel: each copy its own message carrying the broadcast's id. */
export async function broadcast({ identity, peers, messenger }: BroadcastDeps, text: string, id: string = randomUUID()): Promise<BroadcastResult> {
  const results = await Promise.all(peers.neighbours().map((peer) => messenger.sendTo(peer, text, { broadcastId: id })));
  return { id, from: displayId(identity), results };
}
