'use client';

import type { Counters } from '@peerscope/protocol';

export function CountersBar({ alive, counters, rate }: { alive: number; counters: Counters; rate: number }) {
  const items: Array<[string, string | number]> = [
    ['Nodes alive', alive],
    ['Sent', counters.sent],
    ['Delivered', counters.delivered],
    ['Failed', counters.failed],
    ['Msgs/s', rate.toFixed(1)],
  ];
  return (
    <dl aria-label="Counters" className="grid grid-cols-5 gap-2">
      {items.map(([label, value]) => (
        <div key={label} className="flex items-baseline justify-between gap-2 rounded bg-slate-800 px-3 py-1">
          <dt className="text-[10px] uppercase tracking-wide text-slate-400">{label}</dt>
          <dd className="font-mono text-base text-slate-100" data-counter={label}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
