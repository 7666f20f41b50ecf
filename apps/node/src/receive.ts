import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from '@peerscope/protocol';
import type { EventInput } from '@peerscope/telemetry';
import { displayId, type Identity } from './identity.js';
import type { Inbox } from './inbox.js';

export interface ReceiveDeps {
  identity: Identity;
  inbox: Inbox;
  report: (event: EventInput) => void;
}

/** Takes one validated message into the inbox and reports it; a classic message gets an id here. */
export function receiveMessage({ identity, inbox, report }: ReceiveDeps, message: IncomingMessage): void {
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
}
