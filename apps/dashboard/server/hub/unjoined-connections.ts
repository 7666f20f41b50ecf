import type { Server } from 'socket.io';

/**
 * The most Engine.IO connections kept that have not joined a namespace. A real client (a page, a
 * reporter) joins one right after its handshake, so few are ever waiting; without a bound, one
 * unauthenticated client opening handshakes it never uses held ~5 KB each until Socket.IO's
 * connect timeout (45 s): 108,000 of them in 20 s took the dashboard from 200 to 740 MB.
 */
export const MAX_UNJOINED_CONNECTIONS = 2_000;

interface EngineConnection {
  once(event: 'close', listener: () => void): void;
  close(discard?: boolean): void;
}

/**
 * Past `max` connections waiting to join, the oldest is closed. Evicting rather than refusing keeps
 * the door open: a real client joins within a round trip of its handshake, long before a flood
 * pushes it out, and one that is pushed out reconnects as after any lost connection.
 */
export function limitUnjoinedConnections(io: Server, namespaces: readonly string[], max = MAX_UNJOINED_CONNECTIONS): void {
  // In the order they came (a Set keeps insertion order): the first is the oldest.
  const waiting = new Set<EngineConnection>();
  io.engine.on('connection', (conn: EngineConnection) => {
    waiting.add(conn);
    conn.once('close', () => waiting.delete(conn));
    while (waiting.size > max) {
      const oldest = waiting.values().next().value!;
      waiting.delete(oldest);
      oldest.close(true);
    }
  });
  for (const name of namespaces) io.of(name).on('connection', (socket) => waiting.delete(socket.conn as unknown as EngineConnection));
}
