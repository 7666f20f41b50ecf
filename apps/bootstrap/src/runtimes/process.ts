import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { StopMode } from '@peerscope/protocol';
import type { Runtime, RuntimeNode, StartOptions } from './runtime.js';

export interface ProcessRuntimeOptions {
  /** The compiled node entry point (apps/node/dist/main.js). */
  nodeEntry: string;
  /** Settings every node gets (bootstrap url, hub, tokens, log level), read at each start. */
  env: () => Record<string, string>;
  /** How long a graceful stop may take before the node is killed. */
  gracefulTimeoutMs?: number;
}

/**
 * One operating-system process per node, each on a free port on 127.0.0.1. Nodes are forked
 * with an IPC channel: when this process dies, even by `kill -9`, the channel closes and every
 * node stops itself.
 */
export class ProcessRuntime implements Runtime {
  readonly name = 'process';
  private readonly children = new Map<string, { child: ChildProcess; node: RuntimeNode }>();

  constructor(private readonly options: ProcessRuntimeOptions) {}

  async start(id: string, options: StartOptions = {}): Promise<RuntimeNode> {
    const child = fork(this.options.nodeEntry, [], {
      env: {
        ...inheritedEnv(),
        ...this.options.env(),
        NODE_ID: id,
        HOST: '127.0.0.1',
        PORT: '0',
        ...(options.controlToken && { PEERSCOPE_CONTROL_TOKEN: options.controlToken }),
      },
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await Promise.race([once(child, 'spawn'), once(child, 'error').then(([err]) => Promise.reject(err))]);
    const node: RuntimeNode = { id, handle: String(child.pid), startedAt: Date.now() };
    this.children.set(id, { child, node });
    child.once('exit', () => {
      if (this.children.get(id)?.child === child) this.children.delete(id);
    });
    return node;
  }

  async stop(id: string, mode: StopMode): Promise<boolean> {
    const entry = this.children.get(id);
    if (!entry) return false;
    const { child } = entry;
    const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit');
    // A frozen process cannot run its goodbye: thaw it first (a kill needs no thaw).
    if (mode === 'graceful') child.kill('SIGCONT');
    if (mode === 'crash') {
      child.kill('SIGKILL');
    } else {
      child.kill('SIGTERM');
      const timeout = setTimeout(() => child.kill('SIGKILL'), this.options.gracefulTimeoutMs ?? 5_000);
      await exited;
      clearTimeout(timeout);
    }
    await exited;
    return true;
  }

  async pause(id: string): Promise<boolean> {
    return this.signal(id, 'SIGSTOP');
  }

  async resume(id: string): Promise<boolean> {
    return this.signal(id, 'SIGCONT');
  }

  private signal(id: string, signal: NodeJS.Signals): boolean {
    const entry = this.children.get(id);
    return entry !== undefined && entry.child.kill(signal);
  }

  async list(): Promise<RuntimeNode[]> {
    return [...this.children.values()].map((c) => c.node);
  }

  async close(): Promise<void> {
    await Promise.all([...this.children.keys()].map((id) => this.stop(id, 'graceful')));
  }
}

/** What a node may see of the bootstrap's environment: nothing of its tokens or addresses. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'NODE_EXTRA_CA_CERTS', 'NO_COLOR', 'FORCE_COLOR'];
export function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(INHERITED.flatMap((key) => (process.env[key] === undefined ? [] : [[key, process.env[key]!]])));
}
