import type { IncomingMessage } from '@peerscope/protocol';

/** What marks a message as a broadcast copy or a gossip hop (both optional, as on the wire). */
export interface MessageTags {
  broadcastId?: string;
  gossip?: NonNullable<IncomingMessage['gossip']>;
}

interface EventMarks {
  broadcastId?: string;
  gossip?: { id: string; origin: string; hop: number };
}

/**
 * Adds a message's marks to one of its telemetry events, only when it has them (a gossip event
 * names its hop, not its ttl). Most messages have none, and building every event as one plain
 * literal keeps it on V8's fast path: a spread in the literal cost each message a runtime call.
 */
export function withMarks<E extends object>(event: E, { broadcastId, gossip }: MessageTags): E & EventMarks {
  const marked: E & EventMarks = event;
  if (broadcastId !== undefined) marked.broadcastId = broadcastId;
  if (gossip !== undefined) marked.gossip = { id: gossip.id, origin: gossip.origin, hop: gossip.hop };
  return marked;
}
