import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { JSON_OUTPUT, type ChildOutput } from './log-output.js';

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

/** A part that exited before it was ready, with its exit code (or the signal that ended it). */
export class ExitedBeforeReadyError extends Error {
  constructor(
    name: string,
    readonly code: number | string,
  ) {
    super(`${name} exited (code ${code}) before it was ready`);
  }
}

export interface StartOptions {
  timeoutMs?: number;
  graceMs?: number;
  /** Called at once with the forked process, before it is ready (to serve its requests meanwhile). */
  onFork?: (child: ChildProcess) => void;
  /** Where its output goes (log-output.ts): straight to the terminal unless given. */
  output?: ChildOutput;
}

/**
 * Forks a part of the system with an IPC channel and waits for its `ready` message. The channel
 * is also the lifeline: if the launcher dies, even by `kill -9`, the child sees it close and stops.
 * A child that is not ready in time is stopped (killed after `graceMs`) before the start fails:
 * the launcher does not leave it running on its own.
 */
export async function startChild(
  name: string,
  entry: string,
  args: string[],
  env: Record<string, string>,
  { timeoutMs = 120_000, graceMs = STOP_GRACE_MS, onFork, output = JSON_OUTPUT }: StartOptions = {},
): Promise<{ child: Child; ready: ReadyMessage }> {
  const child = fork(entry, args, { env: { ...process.env, ...env }, execArgv: [], stdio: output.stdio });
  output.attach(child);
  onFork?.(child);
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    let late: Error | undefined;
    const timer = setTimeout(() => {
      late = new Error(`${name} was not ready after ${timeoutMs / 1000} s`);
      void stopChildren([{ name, process: child, exited }], graceMs).then(() => reject(late!));
    }, timeoutMs);
    child.on('message', (message: ReadyMessage) => {
      // Once late, it is being stopped: a ready that comes now changes nothing.
      if (message?.type !== 'ready' || late) return;
      clearTimeout(timer);
      resolve(message);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      // Stopped because it was late: the timeout says why.
      if (!late) reject(new ExitedBeforeReadyError(name, code));
    });
  });
  return { child: { name, process: child, exited }, ready };
}

/**
 * How long a part may take to stop before it is killed: longer than the bootstrap's own 30 s
 * bound for stopping its nodes (stopOnSignals), so only a part that is stuck is ever killed.
 */
export const STOP_GRACE_MS = 35_000;

/**
 * Asks each child to stop and waits for all of them, at most `graceMs`: a child that is still
 * there then (stuck in a loop, or ignoring signals) is killed, so stopping always ends.
 * Resolves with the names of the children that had to be killed. The ask is SIGINT, as Ctrl-C's:
 * the session ends (a plain SIGTERM of one part keeps it, for the restart; see stopEndsSession).
 */
export async function stopChildren(children: Child[], graceMs = STOP_GRACE_MS): Promise<string[]> {
  const running = children.filter(({ process: child }) => child.exitCode === null && child.signalCode === null);
  for (const { process: child } of running) child.kill('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'grace-over'>((resolve) => (timer = setTimeout(() => resolve('grace-over'), graceMs)));
  const allExited = Promise.all(running.map((c) => c.exited));
  const outcome = await Promise.race([allExited, graceOver]);
  clearTimeout(timer);
  if (outcome !== 'grace-over') return [];
  const stuck = killChildren(running);
  await allExited;
  return stuck;
}

/** Kills every child still running, without warning; returns their names. */
export function killChildren(children: Child[]): string[] {
  const stuck = children.filter(({ process: child }) => child.exitCode === null && child.signalCode === null);
  for (const { process: child } of stuck) child.kill('SIGKILL');
  return stuck.map((c) => c.name);
}
