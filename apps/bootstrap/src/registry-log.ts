import type { Logger } from '@peerscope/server-kit';
import type { Registry, RegistryChange } from './registry.js';

export interface RegistryLogOptions {
  /** Changes logged one by one at info in a second; past it, each goes to debug and the second ends with one count. */
  perSecond?: number;
}

/**
 * Logs the registry's changes. Joins, departures and deaths go to info one by one while they are
 * few, so a small lab's log tells its story; a burst (1,000 nodes joining at a start, a host
 * process of 250 dying) gives the first `perSecond` lines and then one line per second counting
 * the rest by kind, each of them still at debug. Suspicions and their clearing (thousands a minute
 * at 1,000 nodes on a busy machine, each a synchronous write) are debug only.
 */
export function logRegistryChanges(registry: Registry, logger: Logger, { perSecond = 20 }: RegistryLogOptions = {}): { close(): void } {
  let windowEnds = 0;
  let inWindow = 0;
  let beyond = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;

  const summarise = () => {
    timer = undefined;
    if (beyond.size === 0) return;
    const counts = Object.fromEntries(beyond);
    const more = [...beyond.values()].reduce((sum, n) => sum + n, 0);
    beyond = new Map();
    logger.info({ more, counts }, `registry: ${more} more changes in that second (each at debug)`);
  };

  registry.onChange((change) => {
    if (change.type === 'status-changed' && change.status !== 'dead') return void logger.debug(change, 'registry');
    const now = Date.now();
    if (now >= windowEnds) {
      if (timer) clearTimeout(timer);
      summarise();
      windowEnds = now + 1_000;
      inWindow = 0;
    }
    inWindow += 1;
    if (inWindow <= perSecond) return void logger.info(change, 'registry');
    logger.debug(change, 'registry');
    const kind = kindOf(change);
    beyond.set(kind, (beyond.get(kind) ?? 0) + 1);
    timer ??= setTimeout(summarise, windowEnds - now).unref();
  });

  return {
    /** Logs the count still pending (the bootstrap is stopping). */
    close() {
      clearTimeout(timer);
      summarise();
    },
  };
}

function kindOf(change: RegistryChange): string {
  if (change.type === 'registered') return 'joined';
  if (change.type === 'deregistered') return change.reason;
  return change.status;
}
