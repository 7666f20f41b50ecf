import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HostReadyMessageSchema } from '@peerscope/protocol';
import { call } from '../../../../test/support/http.js';
import { spawnEntry, type Spawned } from '../../../../test/support/processes.js';

export const POOL_HOST_ENTRY = join(fileURLToPath(new URL('../../', import.meta.url)), 'dist/pool/host.js');
export const HOST_TOKEN = 'test-host-token-0123456789';

export interface TestHost extends Spawned {
  url: string;
  pid: number;
  /** Calls the host control API with the host token. */
  api: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
}

/** Forks a pool host process (with an IPC channel, as its owner would) and waits until it is ready. */
export async function startPoolHost(bootstrapUrl: string, env: Record<string, string> = {}): Promise<TestHost> {
  const spawned = spawnEntry(POOL_HOST_ENTRY, [], {
    BOOTSTRAP_URL: bootstrapUrl,
    PEERSCOPE_HOST_TOKEN: HOST_TOKEN,
    PEERSCOPE_HOST_ID: 'pool-host-test',
    ...env,
  });
  const ready = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pool host not ready after 30 s:\n${spawned.output()}`)), 30_000);
    spawned.child.on('message', (message) => {
      const parsed = HostReadyMessageSchema.safeParse(message);
      if (!parsed.success) return;
      clearTimeout(timer);
      resolve(parsed.data);
    });
    void spawned.exited.then((code) => reject(new Error(`pool host exited (${code}) before it was ready:\n${spawned.output()}`)));
  });
  return { ...spawned, ...ready, api: (method, path, body) => call(`${ready.url}${path}`, { method, body, token: HOST_TOKEN }) };
}

/** True when nothing listens on the port any more (a connection is refused). */
export function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}
