'use client';

import type { MessageFocus } from '../lib/browser/message-focus';
import type { NetworkClient } from '../lib/browser/network-client';
import { SpaceTimeDiagram } from './SpaceTimeDiagram';

interface Props {
  client: NetworkClient;
  focus: MessageFocus;
  selected: readonly string[];
  onTapNode: (id: string) => void;
  /** Where it sits in the page's row (its flex order). */
  className?: string;
}

/** Beside the graph while open: the space-time diagram. */
export function SpaceTimePanel({ className, onClose, ...props }: Props & { onClose: () => void }) {
  return (
    <section
      aria-label="Space-time diagram panel"
      className={`${className ?? ''} flex min-w-0 flex-1 flex-col rounded-lg border border-slate-800 bg-slate-950`}
    >
      <div className="flex items-center justify-between px-2 pt-1.5">
        <h2 className="text-sm font-semibold text-slate-300">Space-time</h2>
        <button
          type="button"
          aria-expanded
          aria-label="Close the space-time diagram"
          title="Close the space-time diagram"
          onClick={onClose}
          className="rounded px-1.5 text-xs text-slate-400 hover:bg-slate-800 hover:text-slate-200"
        >
          ✕
        </button>
      </div>
      <div className="min-h-0 flex-1">
        <SpaceTimeDiagram {...props} />
      </div>
    </section>
  );
}
