import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Raised when a port is taken, naming the setting that moves it. */
export class PortInUseError extends Error {
  constructor(host: string, port: number, setting: string) {
    super(`port ${port} on ${host} is already in use; choose another with ${setting}`);
  }
}

/**
 * Connections the kernel queues before the server accepts them. Node's default (511) overflows
 * when a thousand pooled nodes register at once: the rest wait out SYN retries (1 s, 3 s, …).
 */
const BACKLOG = 4_096;

/** Listens and resolves with the bound port (useful with port 0). */
export function listen(server: Server, port: number, host: string, setting: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port, setting) : err);
    };
    server.once('error', onError);
    server.listen({ port, host, backlog: BACKLOG }, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server, dropping idle keep-alive connections so close does not wait on them. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
