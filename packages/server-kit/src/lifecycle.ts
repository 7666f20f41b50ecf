import { ConfigError } from './config.js';
import { PortInUseError } from './listen.js';
import type { Logger } from './logger.js';

/**
 * Stops cleanly, once, on SIGINT or SIGTERM, and also when the process that started this one
 * goes away (its IPC channel closes, even after a `kill -9`), so a launcher never leaves orphans.
 * A stop that takes longer than `forcedExitMs` ends the process anyway.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, forcedExitMs: number): void {
  let stopping = false;
  const onSignal = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping');
    setTimeout(() => process.exit(1), forcedExitMs).unref();
    stop().then(
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
