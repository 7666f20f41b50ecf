import { readFileSync } from 'node:fs';
import type { Server, ServerOptions } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Timeouts for a server anyone on the machine can connect to, for requests begun and not
 * finished: Node's defaults wait 60–90 s for headers (60 s, checked every 30 s) and 300 s for a
 * body. Nothing a peerscope client sends takes a second to arrive on loopback. (A node's own
 * server keeps Node's defaults: its pause holds requests.)
 */
export const INBOUND_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2_000 } satisfies ServerOptions;

/** How long a new connection may stay silent: every client of ours sends its request as it connects. */
const SILENT_CONNECTION_MS = 10_000;

/** Descriptors kept back from inbound connections: the process's own calls out, its files, its logs. */
const RESERVED_DESCRIPTORS = 1_024;

/**
 * Keeps a flood of sockets from taking a server's process down. Twenty thousand sockets that
 * connect and say nothing ran the bootstrap out of file descriptors: it answered no one, and
 * Node's timeouts never close a connection that has not begun a request. So:
 * - at most `max` connections are held (below the descriptor limit, when it can be read): past
 *   it a new one is closed as soon as it is accepted, and the clients already connected (a node's
 *   kept-alive heartbeats) and the process's own calls and files go on;
 * - a connection that has sent not one byte after `silentMs` is closed. One that has begun a
 *   request is the headers timeout's (above); one upgraded (a WebSocket) has sent its request.
 */
export function guardConnections(
  server: Server,
  { max = maxInboundConnections(), silentMs = SILENT_CONNECTION_MS }: { max?: number; silentMs?: number } = {},
): void {
  if (max !== undefined) server.maxConnections = max;
  // Read from the socket's count, not a 'data' listener: that would take the connection off Node's native parsing path.
  server.on('connection', (socket: Socket) => {
    const check = setTimeout(() => socket.bytesRead === 0 && socket.destroy(), silentMs).unref();
    socket.once('close', () => clearTimeout(check));
  });
}

/** The cap for a process allowed `limit` open files: all but a reserve, and at least half. */
export function maxInboundConnections(limit = openFileLimit()): number | undefined {
  return limit === undefined ? undefined : Math.max(limit - RESERVED_DESCRIPTORS, Math.floor(limit / 2));
}

/** This process's soft limit on open files (Linux: /proc/self/limits); undefined where it cannot be read or is unlimited. */
export function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}
