'use client';

import dynamic from 'next/dynamic';
import { useCallback, useState } from 'react';
import { useConnection, useNetworkClient, useViewVersion } from '../lib/use-network';
import { ActionsPanel } from './ActionsPanel';
import { CountersBar } from './CountersBar';
import { Legend } from './Legend';
import { MessageLog } from './MessageLog';
import type { Selection } from './NetworkGraph';
import { NodeDetails } from './NodeDetails';
import { Toasts, useToasts } from './Toasts';

// Cytoscape needs a browser: the graph is rendered on the client only.
const NetworkGraph = dynamic(() => import('./NetworkGraph'), { ssr: false });

export function Dashboard() {
  const client = useNetworkClient();
  useViewVersion(client);
  const connection = useConnection(client);
  const { toasts, push } = useToasts();
  const [selection, setSelection] = useState<Selection>({});
  const [focus, setFocus] = useState<string>();

  const view = client?.view;
  const nodes = view ? [...view.nodes.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })) : [];
  const focused = focus ? view?.nodes.get(focus) : undefined;
  const alive = nodes.filter((n) => n.status === 'alive').length;

  // First click picks the sender, the second the receiver; a third starts over.
  const onTapNode = useCallback((id: string) => {
    setFocus(id);
    setSelection((s) => (s.from && !s.to && s.from !== id ? { from: s.from, to: id } : { from: id }));
  }, []);
  const onTapBackground = useCallback(() => {
    setFocus(undefined);
    setSelection({});
  }, []);

  return (
    <div className="flex h-screen flex-col gap-3 p-4">
      <header className="flex items-center justify-between">
        <h1 className="text-xl font-semibold tracking-tight">
          peerscope <span className="text-sm font-normal text-slate-400">live network</span>
        </h1>
        <div className="flex items-center gap-4">
          <Legend />
          {view?.runtime && <span className="rounded bg-slate-800 px-2 py-0.5 text-xs text-slate-300">runtime: {view.runtime}</span>}
          <span role="status" aria-label="Connection" data-state={connection} className={`rounded px-2 py-0.5 text-xs ${connection === 'live' ? 'bg-emerald-900 text-emerald-200' : 'bg-amber-900 text-amber-200'}`}>
            {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
        </div>
      </header>

      {view && <CountersBar alive={alive} counters={view.counters} rate={client?.messagesPerSecond() ?? 0} />}

      <main className="flex min-h-0 flex-1 gap-4">
        <div role="img" aria-label="Network graph" className="relative min-w-0 flex-1 rounded-lg border border-slate-800 bg-slate-950">
          {client && <NetworkGraph client={client} selection={selection} onTapNode={onTapNode} onTapBackground={onTapBackground} />}
        </div>
        <aside className="flex w-[28rem] min-h-0 flex-col gap-4">
          <ActionsPanel nodes={nodes} selection={selection} focus={focus} onSelect={setSelection} notify={push} />
          <NodeDetails node={focused} peers={focused ? nodes.filter((n) => n.id !== focused.id && n.status !== 'dead').length : 0} />
          <MessageLog messages={view ? [...view.messages.values()] : []} nodeIds={nodes.map((n) => n.id)} />
        </aside>
      </main>
      <Toasts toasts={toasts} />
    </div>
  );
}
