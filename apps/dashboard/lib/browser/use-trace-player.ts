'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type { PlayerState, TracePlayer } from './trace-player';

const IDLE: PlayerState = { range: undefined, indexed: 0, position: 0, positionAt: undefined, playing: false, speed: 1, busy: false, error: undefined };

/** The player's state, re-rendered as it changes (none: no trace open). */
export function usePlayerState(player: TracePlayer | undefined): PlayerState {
  const subscribe = useCallback((notify: () => void) => player?.onChange(notify) ?? (() => undefined), [player]);
  return useSyncExternalStore(
    subscribe,
    () => player?.state ?? IDLE,
    () => IDLE,
  );
}
