'use client';

import { useState } from 'react';

/** What the graph draws right now, against what there is: said on the page, since it draws less than everything. */
export interface GraphSummary {
  nodes: number;
  /** Links drawn: those that carried traffic in the last seconds, at most a bound. */
  drawnLinks: number;
  /** Links the picture knows were used (the hub keeps the most recent ones). */
  usedLinks: number;
  animations: number;
  /** Message outcomes shown as link heat instead of their own animation, since the page loaded. */
  aggregated: number;
}

const number = new Intl.NumberFormat('en').format;

/** Above the graph: find a node by id, fit the view, and what the graph leaves out. */
export function GraphToolbar({
  summary,
  onFind,
  onFit,
}: {
  summary: GraphSummary | undefined;
  onFind: (id: string, select: boolean) => boolean;
  onFit: () => void;
}) {
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  // Typing centres on an exact match; Enter also selects it, as a click on it would.
  const find = (id: string, typed: boolean) => {
    const found = id !== '' && onFind(id, !typed);
    // While typing, a partial id is not an error yet.
    setMissing(!typed && id !== '' && !found);
  };
  return (
    // A container: beside an open space-time panel the graph is narrow, and the summary says less.
    <div className="@container pointer-events-none absolute inset-x-2 top-2 flex items-start justify-between gap-2 text-xs">
      <form
        className="pointer-events-auto flex items-center gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          find(query.trim(), false);
        }}
      >
        <input
          aria-label="Find node"
          title="Type a node id to centre on it; Enter also selects it (shortcut: /)"
          placeholder="find node…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            find(e.target.value.trim(), true);
          }}
          aria-invalid={missing}
          className={`w-32 rounded border bg-slate-900/90 px-2 py-1 ${missing ? 'border-red-500' : 'border-slate-600'}`}
        />
        <button
          type="button"
          onClick={onFit}
          title="Fit the whole network in view (shortcut: f)"
          className="rounded border border-slate-600 bg-slate-900/90 px-2 py-1 hover:bg-slate-700"
        >
          Fit
        </button>
      </form>
      {summary && (
        <p
          aria-label="Graph summary"
          title="Links are drawn while they carry traffic and fade out a few seconds after; past the bound, the least recently used leave first. Past the animation budget a message shows as heat on its link and its nodes. Counters and the message log count every message."
          className="pointer-events-auto rounded bg-slate-950/80 px-2 py-1 text-right text-slate-400"
        >
          {number(summary.nodes)} nodes ·{' '}
          <span className="hidden @2xl:inline">
            {number(summary.drawnLinks)} of {number(summary.usedLinks)} recent links drawn
          </span>
          <span className="@2xl:hidden">
            {number(summary.drawnLinks)}/{number(summary.usedLinks)} links
          </span>{' '}
          · {summary.animations} animating
          {summary.aggregated > 0 && (
            <>
              {' '}
              · {number(summary.aggregated)} <span className="hidden @2xl:inline">shown </span>as heat
            </>
          )}
          <span className="hidden text-[10px] text-slate-500 @2xl:block">shift-drag: pick many · shift-click: pick one</span>
        </p>
      )}
    </div>
  );
}
