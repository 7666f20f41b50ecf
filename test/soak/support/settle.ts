// After the traffic stops, events still travel: wait until every observer holds the same counts.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `read` until it gives the same key twice in a row `stableMs` apart (and `agree` says the
 * observers agree), or `timeoutMs` passes; resolves with the last value read either way.
 */
export async function settle<T>(
  read: () => Promise<T>,
  key: (value: T) => string,
  agree: (value: T) => boolean,
  timeoutMs: number,
  stableMs = 1_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  for (;;) {
    await sleep(stableMs);
    const next = await read();
    if ((key(next) === key(last) && agree(next)) || Date.now() > deadline) return next;
    last = next;
  }
}
