'use client';

import { useEffect, useState } from 'react';
import type { ViewGossip } from '@peerscope/protocol';
import { coverage } from '@peerscope/network-view';

/**
 * How long every hop must have had its outcome before the gossip counts as over: a receiver passes
 * it on just after it answers, and its sends can reach the hub a batch after the answer did.
 */
const ENDED_AFTER_QUIET_MS = 1500;

/** True once `quiet` has held for ENDED_AFTER_QUIET_MS with no new hop (`key`: the gossip and its hop count). */
function useEnded(quiet: boolean, key: string): boolean {
  const [endedFor, setEndedFor] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!quiet) return;
    const timer = setTimeout(() => setEndedFor(key), ENDED_AFTER_QUIET_MS);
    return () => clearTimeout(timer);
  }, [quiet, key]);
  return quiet && endedFor === key;
}

function verdict(full: boolean, ended: boolean, reached: number): { text: string; tone: string } {
  if (full) return { text: 'All alive nodes reached', tone: 'bg-emerald-900 text-emerald-200' };
  if (ended) return { text: `Ended: ${reached} reached`, tone: 'bg-amber-900 text-amber-200' };
  return { text: 'Spreading…', tone: 'bg-sky-900 text-sky-200' };
}

/** How far one gossip got: nodes reached of those alive, how fast, how many hops, how many duplicates. */
export function GossipPanel({ gossip, waitingFor }: { gossip: ViewGossip | undefined; waitingFor: string | undefined }) {
  const ended = useEnded(gossip ? coverage(gossip).quiet : false, gossip ? `${gossip.id}:${gossip.hops}` : '');
  if (!gossip) {
    return (
      <section aria-label="Gossip" className="text-xs text-slate-500">
        {waitingFor ? `Gossip ${waitingFor}: waiting for its first hop…` : 'Start a gossip (select a node → Gossip) to watch it spread.'}
      </section>
    );
  }
  const { reached, alive, full, fullAfterMs } = coverage(gossip);
  const { text, tone } = verdict(full, ended, reached);
  const rows: Array<[string, string, string | number]> = [
    ['coverage', 'Coverage', `${reached} / ${alive} alive`],
    ['full-coverage', 'Full coverage', fullAfterMs === undefined ? (ended ? 'never' : 'not yet') : `after ${fullAfterMs} ms`],
    ['max-hops', 'Max hops', gossip.maxHop],
    ['duplicates', 'Duplicates received', gossip.duplicates],
    ['hops', 'Hop messages', gossip.hops],
    ['failed', 'Failed hops', gossip.failed],
  ];
  return (
    <section aria-label="Gossip" data-gossip-id={gossip.id}>
      <h2 className="mb-1 flex items-center justify-between text-sm font-semibold text-slate-300">
        <span>
          Gossip from {gossip.origin} <span className="font-mono text-xs text-slate-500">{gossip.id.slice(0, 8)}</span>
        </span>
        <span className={`rounded px-1.5 text-[11px] ${tone}`} data-field="verdict">
          {text}
        </span>
      </h2>
      <dl className="grid grid-cols-[auto_1fr_auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([field, label, value]) => (
          <div key={field} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="font-mono" data-field={field}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
