'use client';

import { useCallback, useSyncExternalStore } from 'react';

/** Where a highlight came from: each view lights the others up, and clears only its own. */
export type FocusOrigin = 'diagram' | 'graph' | 'log';

/**
 * The message (or, from a link of the graph, every message of `from → to`) a person points at;
 * `pinned` when clicked rather than hovered: it stays until clicked away.
 */
export interface FocusedMessage {
  id?: string;
  from: string;
  to: string;
  by: FocusOrigin;
  pinned?: boolean;
}

/**
 * The one highlighted message the graph, the message log and the space-time diagram share: hovering
 * or clicking it in one lights it up in the others. A tiny store outside React, so a hover re-renders
 * only what shows it.
 */
export class MessageFocus {
  private focused: FocusedMessage | undefined;
  private readonly listeners = new Set<() => void>();

  get current(): FocusedMessage | undefined {
    return this.focused;
  }

  /** Points at a message; a hover does not move a pinned highlight. */
  set(focused: FocusedMessage): void {
    if (this.focused?.pinned && !focused.pinned) return;
    if (same(this.focused, focused)) return;
    this.focused = focused;
    this.emit();
  }

  /** A view lets go of what it pointed at (a pin is let go only by `unpin`). */
  release(by: FocusOrigin): void {
    if (!this.focused || this.focused.pinned || this.focused.by !== by) return;
    this.focused = undefined;
    this.emit();
  }

  unpin(): void {
    if (!this.focused?.pinned) return;
    this.focused = undefined;
    this.emit();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

const same = (a: FocusedMessage | undefined, b: FocusedMessage) =>
  a !== undefined && a.id === b.id && a.from === b.from && a.to === b.to && a.by === b.by && a.pinned === b.pinned;

/** True when the message (or its link, when the focus names no message) is the one pointed at. */
export const isFocused = (focused: FocusedMessage | undefined, message: { id: string; from: string; to: string }) =>
  focused !== undefined && (focused.id !== undefined ? focused.id === message.id : focused.from === message.from && focused.to === message.to);

/** The focused message, re-rendering the caller when it changes. */
export function useFocusedMessage(focus: MessageFocus | undefined): FocusedMessage | undefined {
  const subscribe = useCallback((notify: () => void) => focus?.subscribe(notify) ?? (() => undefined), [focus]);
  return useSyncExternalStore(
    subscribe,
    () => focus?.current,
    () => undefined,
  );
}
