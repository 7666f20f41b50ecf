'use client';

import { useSyncExternalStore } from 'react';

const KEY = 'peerscope:first-minute-guide';
const CHANGED = 'peerscope:guide-changed';

const subscribe = (onChange: () => void) => {
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
};
const dismissed = () => window.localStorage.getItem(KEY) === 'dismissed';

/**
 * The first minute of a new user: the three things to try, where they are. Dismissed once, it is
 * never shown again in this browser (localStorage). Rendered only in the browser, so the page's
 * server-side HTML never carries it.
 */
export function FirstMinuteGuide({ canAct }: { canAct: boolean }) {
  const hidden = useSyncExternalStore(subscribe, dismissed, () => true);
  if (hidden || !canAct) return null;
  const dismiss = () => {
    window.localStorage.setItem(KEY, 'dismissed');
    window.dispatchEvent(new Event(CHANGED));
  };
  return (
    <section aria-label="First minute" className="shrink-0 rounded border border-sky-800 bg-sky-950/60 p-2.5 text-xs text-slate-100">
      <div className="mb-1 flex items-center justify-between">
        <h2 className="text-sm font-semibold">Your first minute</h2>
        <button
          type="button"
          onClick={dismiss}
          title="Hide this guide for good (this browser remembers)"
          className="rounded bg-sky-800 px-2 py-0.5 hover:bg-sky-700"
        >
          Got it
        </button>
      </div>
      <ol className="list-decimal space-y-0.5 pl-4">
        <li>
          Press <strong>Random traffic</strong> (or <kbd>t</kbd>) and watch messages cross the graph.
        </li>
        <li>
          Click a node, then another, then <strong>Send</strong>: one message, sender → receiver.
        </li>
        <li>
          Right-click a node → <strong>Crash</strong>, and watch it turn suspect, then dead.
        </li>
      </ol>
      <p className="mt-1 text-slate-300">
        <kbd>Ctrl K</kbd> runs any action by name; <kbd>?</kbd> lists the shortcuts.
      </p>
    </section>
  );
}
