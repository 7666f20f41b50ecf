import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { call } from './http.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const BOOTSTRAP_ENTRY = join(root, 'apps/bootstrap/dist/main.js');
export const NODE_ENTRY = join(root, 'apps/node/dist/main.js');

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const CLUSTER_TOKEN = 'test-cluster-token-0123456789';

/** A child process whose output is kept for failure messages. */
export interface Spawned {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
}

export function spawnEntry(entry: string, args: string[], env: Record<string, string>, ipc = true, detached = false): Spawned {
  // `detached`: its own process group, for tests that signal the whole group as a shell or a service manager does.
  const options = { env: { ...process.env, LOG_LEVEL: 'warn', PEERSCOPE_DATA_DIR: mkdtempSync(join(tmpdir(), 'peerscope-test-')), ...env }, detached };
  // Without IPC a child does not notice this test process going away: only for tests of that.
  const child = ipc
    ? fork(entry, args, { ...options, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    : spawn(process.execPath, [entry, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return { child, output: () => output, exited };
}

export interface BootstrapProcess extends Spawned {
  url: string;
  port: number;
  /** Calls the admin API with the token. */
  admin: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
  stop: (signal?: NodeJS.Signals) => Promise<number | string>;
}

export interface BootstrapOptions {
  nodes?: number;
  port?: number;
  env?: Record<string, string>;
  args?: string[];
}

/** Starts the real bootstrap (and its process-runtime nodes) on a free port, and waits until it answers. */
export async function startBootstrap(options: BootstrapOptions = {}): Promise<BootstrapProcess> {
  const port = options.port ?? (await freePort());
  const spawned = spawnEntry(BOOTSTRAP_ENTRY, ['--port', String(port), '--nodes', String(options.nodes ?? 0), ...(options.args ?? [])], {
    PEERSCOPE_ADMIN_TOKEN: ADMIN_TOKEN,
    PEERSCOPE_CLUSTER_TOKEN: CLUSTER_TOKEN,
    ...options.env,
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`bootstrap not ready after 30 s:\n${spawned.output()}`)), 30_000);
    spawned.child.on('message', (message: { type?: string }) => {
      if (message.type !== 'ready') return;
      clearTimeout(timeout);
      resolve();
    });
    void spawned.exited.then((code) => reject(new Error(`bootstrap exited (${code}) before it was ready:\n${spawned.output()}`)));
  });
  return {
    ...spawned,
    url,
    port,
    admin: (method, path, body) => call(`${url}/api${path}`, { method, body, token: ADMIN_TOKEN }),
    stop: async (signal = 'SIGTERM') => {
      if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill(signal);
      return spawned.exited;
    },
  };
}

/** Starts one node by hand (not through a runtime), as a student or a container would. */
export async function startNode(bootstrapUrl: string, env: Record<string, string> = {}): Promise<Spawned & { port: number; url: string }> {
  const port = await freePort();
  const spawned = spawnEntry(NODE_ENTRY, [], { BOOTSTRAP_URL: bootstrapUrl, PORT: String(port), ...env });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('node listening', () => call(url).then((r) => r.status === 200), 10_000);
  return { ...spawned, port, url };
}

/** Sends `signal` to the process and waits until it has exited. */
export async function stopProcess(spawned: Spawned, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (spawned.child.exitCode === null && spawned.child.signalCode === null) spawned.child.kill(signal);
  await spawned.exited;
}

/** True while a process with this pid exists. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of a process's direct children, read from /proc (Linux). */
export function childPids(parentPid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent pid; the name (field 2) may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parentPid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
