import { ConfigError } from './config.js';
import { PortInUseError } from './listen.js';
import type { Logger } from './logger.js';

/** Why a part stops: a signal, or the process that started it went away. */
export type StopReason = 'SIGINT' | 'SIGTERM' | 'parent exited';

/**
 * Who starts this part again when it exits: `launcher` (set by `npm start`'s launcher on the
 * bootstrap and the dashboard) or `docker` (a restart policy; compose sets it on the bootstrap).
 */
export const SUPERVISED_BY_VARIABLE = 'PEERSCOPE_SUPERVISED_BY';

/**
 * Whether a stop ends the lab's session (the next start begins anew) or only this part's life. A
 * part the launcher restarts, stopped alone with a plain `kill` (SIGTERM), comes back where it was,
 * as after a crash. Ctrl-C (SIGINT: the terminal sends it to the launcher and its parts alike, and
 * the launcher sends it when it stops), the launcher's exit, and any stop of a part running on its
 * own end the session.
 */
export function stopEndsSession(why: StopReason, env: NodeJS.ProcessEnv = process.env): boolean {
  const underLauncher = env[SUPERVISED_BY_VARIABLE] === 'launcher' && process.send !== undefined;
  return !(why === 'SIGTERM' && underLauncher);
}

/**
 * Stops cleanly, once, on SIGINT or SIGTERM, and also when the process that started this one
 * goes away (its IPC channel closes, even after a `kill -9`), so a launcher never leaves orphans.
 * A stop that takes longer than `forcedExitMs` ends the process anyway.
 */
export function stopOnSignals(stop: (why: StopReason) => Promise<void>, logger: Logger, forcedExitMs: number): void {
  let stopping = false;
  const onSignal = (why: StopReason) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping');
    setTimeout(() => process.exit(1), forcedExitMs).unref();
    stop(why).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  if (process.send) process.once('disconnect', () => onSignal('parent exited'));
}

/** A start that failed: a setting or a busy port is one line for the user (exit 2); anything else is logged (exit 1). */
export function exitOnStartError(err: unknown, program: string, logger: Logger): never {
  if (err instanceof ConfigError || err instanceof PortInUseError) {
    console.error(`${program}: ${err.message}`);
    process.exit(2);
  }
  logger.fatal({ err }, `${program} failed`);
  process.exit(1);
}

/** Whether a process runs under `pid` (one this process may not signal runs too). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
