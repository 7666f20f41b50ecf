'use client';

import { useState } from 'react';
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

/** Beside the graph: a narrow button while closed, the space-time diagram while open. */
export function SpaceTimePanel(props: Props) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        aria-expanded={false}
        aria-label="Open the space-time diagram"
        title="Open the space-time diagram: one lifeline per node, each message an arrow from its send to its receipt"
        onClick={() => setOpen(true)}
        className={`${props.className ?? ''} shrink-0 rounded-lg border border-slate-800 bg-slate-900 px-1 text-xs text-slate-300 [writing-mode:vertical-rl] hover:bg-slate-800`}
      >
        Space-time diagram ▸
      </button>
    );
  }
  return (
    <section
      aria-label="Space-time diagram panel"
      className={`${props.className ?? ''} flex min-w-0 flex-1 flex-col rounded-lg border border-slate-800 bg-slate-950`}
    >
      <div className="flex items-center justify-between px-2 pt-1.5">
        <h2 className="text-sm font-semibold text-slate-300">Space-time</h2>
        <button
          type="button"
          aria-expanded
          aria-label="Close the space-time diagram"
          onClick={() => setOpen(false)}
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
