'use client';

/** On the graph while the diagram is closed: opens it (a corner button, so the graph keeps its room). */
export function SpaceTimeToggle({ onOpen }: { onOpen: () => void }) {
  return (
    <button
      type="button"
      aria-expanded={false}
      aria-label="Open the space-time diagram"
      title="Open the space-time diagram: one lifeline per node, each message an arrow from its send to its receipt"
      onClick={onOpen}
      className="rounded border border-slate-700 bg-slate-900/90 px-2 py-1 text-xs text-slate-200 hover:bg-slate-800"
    >
      Space-time diagram ▸
    </button>
  );
}
