import { useEffect, useState } from 'react';
import type { NetworkClient } from './network-client';

/**
 * How often the rate is read again. On its own clock, not the page's: once traffic stops no event
 * re-renders the page, and a rate read only on events stayed at its last value.
 */
const RATE_REFRESH_MS = 1_000;

/** Delivered and failed messages per second over the last few seconds, read again every second. */
export function useMessageRate(client: NetworkClient): number {
  const [rate, setRate] = useState(() => client.messagesPerSecond());
  useEffect(() => {
    const timer = setInterval(() => setRate(client.messagesPerSecond()), RATE_REFRESH_MS);
    return () => clearInterval(timer);
  }, [client]);
  return rate;
}
