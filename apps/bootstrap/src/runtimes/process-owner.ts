import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { OwnedKind } from './owner-messages.js';

/** A node process, wherever it was forked. */
export interface OwnedProcess {
  readonly pid: number;
  /** Resolves when it has exited. */
  readonly exited: Promise<void>;
  readonly running: boolean;
  kill(signal: NodeJS.Signals): boolean;
  /** Messages it sends its owner over IPC (a pool host's `ready`). */
  onMessage(listener: (message: unknown) => void): void;
}

/** An adopted process: one an earlier bootstrap started, still running. */
export interface AdoptedProcess {
  kind: OwnedKind;
  /** Who it is, from its environment (NODE_ID, PEERSCOPE_CONTROL_TOKEN, PEERSCOPE_HOST_ID, PEERSCOPE_HOST_TOKEN). */
  identity: Record<string, string>;
  /** The last message it sent (a pool host's `ready`). */
  lastMessage?: unknown;
  process: OwnedProcess;
}

/**
 * Who forks node processes and holds their lifeline. Standing alone, the bootstrap itself
 * (`LocalProcessOwner`): its nodes stop when it dies. Under the launcher, the launcher
 * (`LauncherProcessOwner`): the nodes outlive a bootstrap that dies, and the next one adopts them.
 */
export interface ProcessOwner {
  /** Forks `entry` (the launcher forks its own entry for `kind`). */
  spawn(kind: OwnedKind, entry: string, env: Record<string, string>): Promise<OwnedProcess>;
  /** What an earlier bootstrap left running (nothing for a local owner: those died with it). */
  adopt(): Promise<AdoptedProcess[]>;
}

export class LocalProcessOwner implements ProcessOwner {
  async spawn(_kind: OwnedKind, entry: string, env: Record<string, string>): Promise<OwnedProcess> {
    const child = fork(entry, [], { env, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await Promise.race([once(child, 'spawn'), once(child, 'error').then(([err]) => Promise.reject(err))]);
    return localProcess(child);
  }

  async adopt(): Promise<AdoptedProcess[]> {
    return [];
  }
}

function localProcess(child: ChildProcess): OwnedProcess {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit').then(() => undefined);
  return {
    pid: child.pid!,
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    kill: (signal) => child.kill(signal),
    onMessage: (listener) => void child.on('message', listener),
  };
}
