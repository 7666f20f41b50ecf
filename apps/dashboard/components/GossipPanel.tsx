'use client';

import type { ViewGossip } from '@peerscope/protocol';
import { coverage } from '@peerscope/network-view';

/** How far one gossip got: nodes reached of those alive, how fast, how many hops, how many duplicates. */
export function GossipPanel({ gossip, waitingFor }: { gossip: ViewGossip | undefined; waitingFor: string | undefined }) {
  if (!gossip) {
    return (
      <section aria-label="Gossip" className="text-xs text-slate-500">
        {waitingFor ? `Gossip ${waitingFor}: waiting for its first hop…` : 'Start a gossip (select a node → Gossip) to watch it spread.'}
      </section>
    );
  }
  const { reached, alive, full, fullAfterMs } = coverage(gossip);
  const rows: Array<[string, string, string | number]> = [
    ['coverage', 'Coverage', `${reached} / ${alive} alive`],
    ['full-coverage', 'Full coverage', fullAfterMs === undefined ? 'not yet' : `after ${fullAfterMs} ms`],
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
        <span className={`rounded px-1.5 text-[11px] ${full ? 'bg-emerald-900 text-emerald-200' : 'bg-sky-900 text-sky-200'}`} data-field="verdict">
          {full ? 'All alive nodes reached' : 'Spreading…'}
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
