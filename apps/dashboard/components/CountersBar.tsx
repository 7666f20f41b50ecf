'use client';

import type { ReactNode } from 'react';
import type { Counters } from '@peerscope/protocol';
import type { NetworkClient } from '../lib/browser/network-client';
import { useMessageRate } from '../lib/browser/use-message-rate';

export function CountersBar({ alive, counters, client }: { alive: number; counters: Counters; client: NetworkClient }) {
  const items: Array<[string, ReactNode]> = [
    ['Nodes alive', alive],
    ['Sent', counters.sent],
    ['Delivered', counters.delivered],
    ['Failed', counters.failed],
    ['Msgs/s', <MessageRate key="rate" client={client} />],
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

/** Its own component: the rate ticks every second without re-rendering the rest of the page. */
function MessageRate({ client }: { client: NetworkClient }) {
  return useMessageRate(client).toFixed(1);
}
