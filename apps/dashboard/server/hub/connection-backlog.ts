import type { Server } from 'socket.io';

/**
 * The most the hub keeps queued for one connection that does not read what it is sent. A browser
 * that keeps up holds a batch or a snapshot at a time; one that stops reading (or a client that
 * asks for snapshot after snapshot and never reads them) would otherwise grow the server's memory
 * without bound: 20,000 subscribes of a 5-node picture held 70 MB. Past the bound the connection
 * is closed; a real browser reconnects and gets a snapshot or what it missed, so nothing is lost.
 */
export const MAX_CONNECTION_BACKLOG_BYTES = 16 * 1024 * 1024;

/** The parts of an Engine.IO connection this reads (engine.io 6). */
interface EnginePacket {
  data?: unknown;
}
interface EngineConnection {
  readonly transport: { readonly socket?: { readonly bufferedAmount?: number; terminate?: () => void } };
  on(event: 'packetCreate', listener: (packet: EnginePacket) => void): void;
  on(event: 'flush', listener: (packets: readonly EnginePacket[]) => void): void;
  close(discard?: boolean): void;
}

/**
 * Closes any connection whose unsent bytes pass `maxBytes`: those queued in Engine.IO (packets
 * wait there while the transport has not finished its last write, or for a poll) and those handed
 * to the WebSocket but not yet written. Checked on every packet the server queues, so no single
 * burst (thousands of subscribes read at once) gets past it.
 */
export function limitConnectionBacklog(io: Server, maxBytes = MAX_CONNECTION_BACKLOG_BYTES): void {
  io.engine.on('connection', (conn: EngineConnection) => {
    let queued = 0;
    let closed = false;
    conn.on('packetCreate', (packet) => {
      queued += sizeOf(packet);
      if (closed || queued + (conn.transport.socket?.bufferedAmount ?? 0) <= maxBytes) return;
      closed = true;
      // Discard what waits rather than wait for a drain that will not come; a WebSocket is cut at
      // once instead of waiting out its closing handshake with a peer that does not read.
      const ws = conn.transport.socket;
      conn.close(true);
      ws?.terminate?.();
    });
    conn.on('flush', (packets) => {
      for (const packet of packets) queued -= sizeOf(packet);
    });
  });
}

const sizeOf = (packet: EnginePacket): number => {
  const { data } = packet;
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
};
