import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Every connection a node's server holds, so that a node sharing its process with others can
 * freeze and die on its own, as a process does under SIGSTOP and SIGKILL: frozen, it reads
 * nothing (the kernel still accepts connections and keeps their bytes, so callers wait), and
 * a request already read waits for the thaw; killed, every connection is gone at once.
 */
export class InboundConnections {
  private readonly sockets = new Set<Socket>();
  private held: Array<() => void> = [];
  private frozen = false;

  constructor(private readonly server: Server) {
    server.on('connection', (socket: Socket) => this.track(socket));
  }

  /** Runs a request now, or at the thaw while frozen. */
  dispatch(run: () => void): void {
    if (this.frozen) this.held.push(run);
    else run();
  }

  freeze(): void {
    this.frozen = true;
    // Connections accepted from now on start without reading (net.Server's own option).
    (this.server as Server & { pauseOnConnect: boolean }).pauseOnConnect = true;
    for (const socket of this.sockets) socket.pause();
  }

  thaw(): void {
    this.frozen = false;
    (this.server as Server & { pauseOnConnect: boolean }).pauseOnConnect = false;
    for (const socket of this.sockets) socket.resume();
    const held = this.held;
    this.held = [];
    for (const run of held) run();
  }

  /** Drops every connection at once, unanswered. */
  destroyAll(): void {
    this.held = [];
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    // The HTTP server resumes a socket when a request or response ends; a frozen node stays frozen.
    socket.on('resume', () => {
      if (this.frozen) socket.pause();
    });
  }
}
