'use client';

import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { NetworkClient, type ConnectionState } from './network-client';

/** One connection to the hub for the page's lifetime: the client is made once, connected while mounted (unless `live` is false: a replay has no hub). */
export function useNetworkClient(live = true): NetworkClient {
  const [client] = useState(() => new NetworkClient());
  useEffect(() => (live ? client.connect() : undefined), [client, live]);
  return client;
}

/**
 * A number that changes when the picture changes, at most once per animation frame, so
 * panels re-render at the screen's pace however fast events arrive.
 */
export function useViewVersion(client: NetworkClient): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let frame = 0;
    const unsubscribe = client.onUpdate(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion((v) => v + 1);
      });
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
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
