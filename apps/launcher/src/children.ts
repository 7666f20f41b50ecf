import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface ReadyMessage {
  type: 'ready';
  [key: string]: unknown;
}

export interface Child {
  name: string;
  process: ChildProcess;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | string>;
}

/**
 * Forks a part of the system with an IPC channel and waits for its `ready` message. The channel
 * is also the lifeline: if the launcher dies, even by `kill -9`, the child sees it close and stops.
 */
export async function startChild(
  name: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<{ child: Child; ready: ReadyMessage }> {
  const child = fork(entry, args, { env: { ...process.env, ...env }, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} was not ready after ${timeoutMs / 1000} s`)), timeoutMs);
    child.on('message', (message: ReadyMessage) => {
      if (message?.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${code}) before it was ready`));
    });
  });
  return { child: { name, process: child, exited }, ready };
}

/** Asks each child to stop and waits for all of them. */
export async function stopChildren(children: Child[]): Promise<void> {
  for (const { process: child } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  await Promise.all(children.map((c) => c.exited));
}
