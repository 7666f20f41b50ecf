'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { NetworkClient, type ConnectionState } from './network-client';

/** One connection to the hub for the page's lifetime. */
export function useNetworkClient(): NetworkClient | undefined {
  const [client, setClient] = useState<NetworkClient>();
  useEffect(() => {
    const created = new NetworkClient();
    setClient(created);
    return () => created.close();
  }, []);
  return client;
}

/**
 * A number that changes when the picture changes, at most once per animation frame, so
 * panels re-render at the screen's pace however fast events arrive.
 */
export function useViewVersion(client: NetworkClient | undefined): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!client) return;
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

export function useConnection(client: NetworkClient | undefined): ConnectionState {
  return useSyncExternalStore(
    (notify) => client?.onConnectionChange(notify) ?? (() => undefined),
    () => client?.connection ?? 'connecting',
    () => 'connecting',
  );
}
