import { INGEST_NAMESPACE, type IngestClientToServerEvents, type IngestServerToClientEvents } from '@peerscope/protocol';
import { io, type Socket } from 'socket.io-client';

export type IngestSocket = Socket<IngestServerToClientEvents, IngestClientToServerEvents>;

/**
 * A reporter's connection to the hub's ingest namespace: WebSocket only (no polling fallback to
 * pay for), and back within a second of the hub coming back (the dashboard restarts in seconds).
 */
export function ingestSocket(hubUrl: string, auth: Record<string, string>): IngestSocket {
  return io(new URL(INGEST_NAMESPACE, hubUrl).href, { auth, transports: ['websocket'], reconnectionDelay: 250, reconnectionDelayMax: 1_000 });
}
