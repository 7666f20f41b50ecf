import type { StopMode } from '@peerscope/protocol';
import { LocalProcessOwner, type OwnedProcess, type ProcessOwner } from './process-owner.js';
import type { Runtime, RuntimeNode, StartOptions } from './runtime.js';

export interface ProcessRuntimeOptions {
  /** The compiled node entry point (apps/node/dist/main.js). */
  nodeEntry: string;
  /** Settings every node gets (bootstrap url, hub, tokens, log level), read at each start. */
  env: () => Record<string, string>;
  /** How long a graceful stop may take before the node is killed. */
  gracefulTimeoutMs?: number;
  /** Who forks the nodes and holds their lifeline: this process (the default) or the launcher. */
  owner?: ProcessOwner;
}

/**
 * One operating-system process per node, each on a free port on 127.0.0.1. Nodes are forked
 * with an IPC channel to their owner: when it dies, even by `kill -9`, the channel closes and
 * every node stops itself. Standing alone the owner is this bootstrap; under the launcher it is
 * the launcher, so the nodes outlive a bootstrap that dies and the next one adopts them (`init`).
 */
export class ProcessRuntime implements Runtime {
  readonly name = 'process';
  private readonly children = new Map<string, { child: OwnedProcess; node: RuntimeNode }>();
  private readonly owner: ProcessOwner;

  constructor(private readonly options: ProcessRuntimeOptions) {
    this.owner = options.owner ?? new LocalProcessOwner();
  }

  async init(): Promise<RuntimeNode[]> {
    const adopted = await this.owner.adopt();
    const nodes = adopted.filter((held) => held.kind === 'node' && held.identity.NODE_ID);
    return nodes.map(({ identity, process: child }) => this.hold(identity.NODE_ID!, child, identity.PEERSCOPE_CONTROL_TOKEN));
  }

  async start(id: string, options: StartOptions = {}): Promise<RuntimeNode> {
    const child = await this.owner.spawn('node', this.options.nodeEntry, {
      ...inheritedEnv(),
      ...this.options.env(),
      NODE_ID: id,
      HOST: '127.0.0.1',
      PORT: '0',
      ...(options.controlToken && { PEERSCOPE_CONTROL_TOKEN: options.controlToken }),
    });
    return this.hold(id, child);
  }

  private hold(id: string, child: OwnedProcess, controlToken?: string): RuntimeNode {
    const node: RuntimeNode = { id, handle: String(child.pid), startedAt: Date.now(), ...(controlToken && { controlToken }) };
    this.children.set(id, { child, node });
    void child.exited.then(() => {
      if (this.children.get(id)?.child === child) this.children.delete(id);
    });
    return node;
  }

  async stop(id: string, mode: StopMode): Promise<boolean> {
    const entry = this.children.get(id);
    if (!entry) return false;
    const { child } = entry;
    const exited = child.exited;
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
