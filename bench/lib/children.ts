// Starting and stopping the server processes of a benchmark. Every process started through
// `Children` is stopped by `stopAll()`, which the benchmark calls in a `finally`.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const TAIL_CHARS = 4_000;
const STOP_GRACE_MS = 4_000;

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last few KB of what the process printed, to explain a failure. */
  output(): string;
}

export interface ForkOptions {
  args?: string[];
  env?: Record<string, string>;
  /** `['--import', 'tsx']` for a TypeScript file; plain `node` for compiled apps. */
  execArgv?: string[];
}

export class Children {
  private readonly started: Child[] = [];

  fork(name: string, modulePath: string, options: ForkOptions = {}): Child {
    const proc = fork(modulePath, options.args ?? [], {
      env: { ...process.env, ...options.env },
      // fork() would otherwise pass on our own flags (tsx) to compiled apps.
      execArgv: [...(options.execArgv ?? []), ...profileFlags()],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
    };
    // Always drain the pipes, or a chatty child would block on a full pipe.
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const child: Child = { name, process: proc, output: () => tail };
    this.started.push(child);
    return child;
  }

  /** The process ids of the children still running. */
  pids(): number[] {
    return this.started.filter((c) => c.process.exitCode === null && c.process.pid !== undefined).map((c) => c.process.pid!);
  }

  /** Stops the most recently started first (nodes before their bootstrap), SIGKILL after a grace period. */
  async stopAll(): Promise<void> {
    for (const child of this.started.splice(0).reverse()) await stop(child.process);
  }
}

/** `BENCH_CPU_PROF=<dir>`: every child writes a V8 CPU profile there when it exits (open it in Chrome DevTools). */
function profileFlags(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = once(proc, 'exit');
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

/** Waits for the child's first IPC message of `type`, failing if it exits or takes too long. */
export function waitForMessage<T extends { type: string }>(child: Child, type: T['type'], timeoutMs = 15_000): Promise<T> {
  return new Promise((resolve, reject) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      reject(new Error(`${child.name} has exited, so it cannot send '${type}':\n${child.output()}`));
      return;
    }
    const cleanup = () => {
      clearTimeout(timer);
      child.process.off('message', onMessage);
      child.process.off('exit', onExit);
    };
    const onMessage = (message: unknown) => {
      if (typeof message !== 'object' || message === null || (message as T).type !== type) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`${child.name} exited (code ${code}) before '${type}':\n${child.output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${child.name} sent no '${type}' within ${timeoutMs} ms:\n${child.output()}`));
    }, timeoutMs);
    child.process.on('message', onMessage);
    child.process.once('exit', onExit);
  });
}

/** Polls `check` until it returns a value, failing with the child's output after `timeoutMs`. */
export async function waitUntil<T>(child: Child, what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) break;
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`${child.name}: ${what} did not happen within ${timeoutMs} ms:\n${child.output()}`);
}

/** A loopback port that was free a moment ago (the node needs its port before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A free loopback port below the kernel's ephemeral range (32768 and up): a thousand pooled nodes
 * bind ephemeral ports of their own, and one of them can take a port chosen there before the
 * server it was chosen for listens.
 */
export async function freeFixedPort(from = 20_000, to = 32_000): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = from + Math.floor(Math.random() * (to - from));
    const server = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!ok) continue;
    server.close();
    await once(server, 'close');
    return port;
  }
  throw new Error(`no free port between ${from} and ${to}`);
}
