import { useEffect, useRef } from 'react';
import { shortcutFor, type ShortcutContext } from './shortcuts';

/** Listens for the page's keyboard shortcuts (lib/browser/shortcuts.ts) with the latest context. */
export function useShortcuts(context: ShortcutContext): void {
  const latest = useRef(context);
  useEffect(() => {
    latest.current = context;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const shortcut = shortcutFor(event, latest.current.canAct);
      if (!shortcut) return;
      event.preventDefault();
      void shortcut.run(latest.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
