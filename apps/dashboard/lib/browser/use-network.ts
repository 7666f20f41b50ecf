'use client';

import { startTransition, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { NetworkClient, type ConnectionState } from './network-client';
import { markLoad } from './load-marks';

/**
 * The page's client, connected as soon as this module runs in the browser, while the page's other
 * scripts load and React hydrates: the hub's snapshot (the largest part of a load at 1,000 nodes)
 * is on its way meanwhile, held until the page has hydrated.
 */
const early = typeof window === 'undefined' ? undefined : connectEarly();

function connectEarly(): NetworkClient {
  markLoad('connecting');
  const client = new NetworkClient();
  client.hold();
  client.connect();
  return client;
}

/** One connection to the hub for the page's lifetime: the client is made once, connected while mounted (unless `live` is false: a replay has no hub). */
export function useNetworkClient(live = true): NetworkClient {
  const [client] = useState(() => early ?? new NetworkClient());
  useEffect(() => {
    markLoad('hydrated');
    // After every effect of this commit (the panels' subscriptions among them): what was held reaches them.
    queueMicrotask(() => client.release());
    if (!live) {
      client.close();
      return undefined;
    }
    return client.connect();
  }, [client, live]);
  return client;
}

/**
 * The panels re-render at most this often under traffic. At 1,000 msgs/s the hub's batches come
 * 20 times a second, and re-rendering every panel (lists and selects of 1,000 nodes) with each
 * took the main thread from the graph's frames. The first change after a quiet spell shows at once.
 */
export const PANEL_REFRESH_MS = 200;

/**
 * A number that changes when the picture changes, at most once per animation frame and once per
 * PANEL_REFRESH_MS, so panels re-render at a steady pace however fast events arrive.
 */
export function useViewVersion(client: NetworkClient): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = -Infinity;
    const bump = () => {
      frame = requestAnimationFrame(() => {
        frame = 0;
        last = performance.now();
        // A transition: React renders the panels in slices between frames (1,000 nodes' lists and
        // selects took 30 ms at once), and the graph's own mount goes first on a page's load.
        startTransition(() => setVersion((v) => v + 1));
      });
    };
    const unsubscribe = client.onUpdate(() => {
      if (frame || timer !== undefined) return;
      const wait = last + PANEL_REFRESH_MS - performance.now();
      if (wait <= 0) bump();
      else
        timer = setTimeout(() => {
          timer = undefined;
          bump();
        }, wait);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [client]);
  return version;
}

export function useConnection(client: NetworkClient): ConnectionState {
  const subscribe = useCallback((notify: () => void) => client.onConnectionChange(notify), [client]);
  return useSyncExternalStore(
    subscribe,
    () => client.connection,
    () => 'connecting',
  );
}
