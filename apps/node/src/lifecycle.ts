import { ConfigError, PortInUseError, type Logger } from '@peerscope/server-kit';
import type { PeerNode } from './app.js';

const FORCED_EXIT_MS = 3_000;

/**
 * Stops cleanly on SIGINT / SIGTERM, and also when the process that started this node goes
 * away (its IPC channel closes, even after a `kill -9`), so a launcher never leaves orphans.
 */
export function stopOnSignals(node: PeerNode, logger: Logger): void {
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping');
    setTimeout(() => process.exit(1), FORCED_EXIT_MS).unref();
    node.stop().then(
      () => process.exit(0),
      (err: unknown) => exitWith(err, logger, 1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.send) process.once('disconnect', () => stop('parent exited'));
}

export function exitWith(err: unknown, logger: Logger, code: number): never {
  if (err instanceof PortInUseError || err instanceof ConfigError) console.error(`peerscope node: ${(err as Error).message}`);
  else logger.fatal({ err }, 'node failed');
  process.exit(code);
}
