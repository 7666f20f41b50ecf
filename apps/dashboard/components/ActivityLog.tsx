'use client';

import type { ActivityEntry } from '@peerscope/protocol';

const TONES: Record<ActivityEntry['kind'], string> = {
  node: 'text-sky-300',
  status: 'text-amber-300',
  faults: 'text-rose-300',
  overlay: 'text-slate-300',
  traffic: 'text-emerald-300',
};

const time = (at: number) => new Date(at).toLocaleTimeString('en-GB', { hour12: false });

/** Newest first: nodes joining and leaving, status changes, faults, overlay, traffic. */
export function ActivityLog({ entries }: { entries: ActivityEntry[] }) {
  return (
    <section aria-label="Activity" className="flex min-h-0 flex-col">
      <h2 className="mb-1 text-sm font-semibold text-slate-300">Activity</h2>
      <ol className="min-h-0 flex-1 overflow-auto text-xs">
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
