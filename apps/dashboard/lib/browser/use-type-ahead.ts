import { useCallback, useEffect, useRef } from 'react';

/**
 * Keys typed between Ctrl K and the palette taking the focus: its code loads on first use, and
 * someone typing "crash node7" at once had the "c" crash the selected node (a shortcut) and the
 * rest land nowhere. While `active` and the focus is not yet in the palette (cmdk's root), each
 * printable key (and Enter, as "\n") is kept from the page's shortcuts and saved; the returned
 * function hands them over, once (the palette takes them when its input gets the focus).
 */
export function useTypeAhead(active: boolean): () => string {
  const typed = useRef('');
  useEffect(() => {
    typed.current = '';
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof Element && event.target.closest('[cmdk-root]')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      // Enter is kept too, as a line end: "heal⏎" typed at once runs once the palette is there.
      if (event.key === 'Enter') typed.current += '\n';
      else if (event.key.length === 1) typed.current += event.key;
      else return;
      // The page's shortcuts skip a key whose default is prevented (use-shortcuts.ts).
      event.preventDefault();
    };
    // Capture: ahead of the shortcuts' listener on the same window.
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [active]);
  return useCallback(() => {
    const text = typed.current;
    typed.current = '';
    return text;
  }, []);
}
