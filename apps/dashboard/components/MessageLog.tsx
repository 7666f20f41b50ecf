'use client';

import { useState } from 'react';
import type { ViewMessage } from '@peerscope/protocol';

const SHOWN = 200;

/** What kind of message a row is: a gossip hop (click to see its gossip), a broadcast copy, or a plain send. */
function Kind({ message, onShowGossip }: { message: ViewMessage; onShowGossip: (id: string) => void }) {
  const { gossip } = message;
  if (gossip) {
    return (
      <button
        type="button"
        aria-label={`Show gossip ${gossip.id}`}
        onClick={() => onShowGossip(gossip.id)}
        className="mr-1 rounded bg-sky-900 px-1 text-[10px] text-sky-200 hover:bg-sky-700"
      >
        gossip h{gossip.hop}
        {message.duplicate ? ' dup' : ''}
      </button>
    );
  }
  if (message.broadcastId) return <span className="mr-1 rounded bg-violet-900 px-1 text-[10px] text-violet-200">broadcast</span>;
  return null;
}

/** Newest first; text is rendered as text by React, never as HTML. */
export function MessageLog({ messages, nodeIds, onShowGossip }: { messages: ViewMessage[]; nodeIds: string[]; onShowGossip: (id: string) => void }) {
  const [filter, setFilter] = useState('');
  const shown: ViewMessage[] = [];
  for (let i = messages.length - 1; i >= 0 && shown.length < SHOWN; i--) {
    const m = messages[i]!;
    if (!filter || m.from === filter || m.to === filter) shown.push(m);
  }
  return (
    <section aria-label="Message log" className="flex min-h-32 flex-1 flex-col">
      <div className="mb-2 flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-300">Messages</h2>
        <select
          aria-label="Filter by node"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="rounded border border-slate-600 bg-slate-900 px-2 py-1 text-xs"
        >
          <option value="">all nodes</option>
          {nodeIds.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </select>
      </div>
      <div className="min-h-0 flex-1 overflow-auto">
        <table className="w-full text-left text-xs">
          <thead className="sticky top-0 bg-slate-900 text-slate-400">
            <tr>
              <th className="py-1">From → To</th>
              <th>Text</th>
              <th>Status</th>
              <th className="text-right">Latency</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((m) => (
              <tr key={m.id} data-message-id={m.id} data-gossip-id={m.gossip?.id} className="border-t border-slate-800">
                <td className="whitespace-nowrap py-1 font-mono">
                  {m.from} → {m.to}
                </td>
                <td className="max-w-48 truncate" title={m.text}>
                  <Kind message={m} onShowGossip={onShowGossip} />
                  {m.text}
                </td>
                <td className={m.status === 'delivered' ? 'text-emerald-400' : m.status === 'failed' ? 'text-red-400' : 'text-slate-400'}>
                  {m.status}
                  {m.error && ` (${m.error.code})`}
                </td>
                <td className="text-right font-mono">{m.latencyMs === undefined ? '' : `${m.latencyMs} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
