import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from '@peerscope/protocol';
import { ApiError } from '@peerscope/server-kit';
import type { EventInput } from '@peerscope/telemetry';
import { withMarks } from './event-marks.js';
import type { Faults } from './faults.js';
import type { Gossip } from './gossip.js';
import { displayId, type Identity } from './identity.js';
import type { Inbox } from './inbox.js';
import type { LamportClock } from './lamport-clock.js';
import type { PeerBook } from './peer-book.js';

export interface ReceiveDeps {
  identity: Identity;
  inbox: Inbox;
  peers: PeerBook;
  faults: Faults;
  gossip: Gossip;
  report: (event: EventInput) => void;
  /** The node's Lamport clock: a receipt takes max(its own, the message's) + 1. */
  clock: LamportClock;
}

/**
 * Takes one validated message into the inbox and reports it; a classic message gets an id here.
 * A message from across a partition is refused (throws a 503 `partitioned`); a gossip seen before
 * is acknowledged and reported as a duplicate, and nothing more. Returns what is left to do once
 * the sender has its answer: passing a new gossip on.
 */
export function receiveMessage(deps: ReceiveDeps, message: IncomingMessage): (() => void) | undefined {
  const { identity, inbox, peers, faults, gossip, report, clock } = deps;
  if (faults.active) refuseAcrossPartition(deps, message);
  const id = message.id ?? randomUUID();
  const receivedAt = Date.now();
  // A refused message (above) is no receipt: only one taken in (or acknowledged as a duplicate) moves the clock.
  const lamport = clock.receive(message.lamport);
  // A classic sender names itself (by id or url); a known peer is reported by its id, so the picture
  // can tell a receipt from a node it knows from one from outside the network.
  const from = message.from ?? peers.find(message.sender)?.id ?? message.sender;
  const to = displayId(identity);
  const hop = message.gossip;

  if (hop && !gossip.firstSight(hop.id)) {
    report(withMarks({ type: 'message:received', id, from, to, text: message.msg, at: receivedAt, duplicate: true, lamport }, message));
    return undefined;
  }
  inbox.add({
    id,
    sender: message.sender,
    msg: message.msg,
    ...(message.from && { from: message.from }),
    ...(message.sentAt !== undefined && { sentAt: message.sentAt }),
    receivedAt,
  });
  report(withMarks({ type: 'message:received', id, from, to, text: message.msg, at: receivedAt, lamport }, message));
  return hop && hop.ttl > 0 ? () => gossip.forward(message.msg, message.from, hop) : undefined;
}

/** Throws when the sender is in this node's `blockedFrom` (a classic sender is looked up by its url). */
function refuseAcrossPartition({ peers, faults }: ReceiveDeps, message: IncomingMessage): void {
  const sender = message.from ?? peers.find(message.sender)?.id;
  if (sender !== undefined && faults.isBlockedFrom(sender)) {
    throw new ApiError('partitioned', `${sender} is across a partition from this node`);
  }
}
