'use client';

import type { ActivityEntry } from '@peerscope/protocol';

const TONES: Record<ActivityEntry['kind'], string> = {
  node: 'text-sky-300',
  status: 'text-amber-300',
  faults: 'text-rose-300',
  overlay: 'text-slate-300',
  traffic: 'text-emerald-300',
  bootstrap: 'text-orange-300',
};

// One formatter for every line: `toLocaleTimeString` with options builds one per call, which with
// 200 lines re-rendered each frame was a fifth of the page's time at 1,000 nodes.
const timeFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const time = (at: number) => timeFormat.format(at);

/** Newest first: nodes joining and leaving, status changes, faults, overlay, traffic. */
export function ActivityLog({ entries }: { entries: ActivityEntry[] }) {
  return (
    <section aria-label="Activity" className="flex min-h-0 flex-col">
      <h2 className="mb-1 text-sm font-semibold text-slate-300">Activity</h2>
      <ol tabIndex={0} className="min-h-0 flex-1 overflow-auto text-xs">
        {entries
          .slice()
          .reverse()
          .map((entry) => (
            <li key={entry.n} data-kind={entry.kind} className="flex gap-2 border-t border-slate-800 py-0.5">
              <span className="font-mono text-slate-500">{time(entry.at)}</span>
              <span className={TONES[entry.kind]}>{entry.text}</span>
            </li>
          ))}
      </ol>
    </section>
  );
}
