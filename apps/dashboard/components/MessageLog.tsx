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

/**
 * Whether the row's sender is a fact: a sender that is not a node of the network, or one that did
 * not report the send itself (a course node never does), is only what the message claimed. Neutral, not an alarm.
 */
function Provenance({ message }: { message: ViewMessage }) {
  if (message.fromOutside)
    return (
      <span
        className="ml-1 rounded bg-slate-700 px-1 text-[10px] text-slate-300"
        title="The sender is not a node of this network; its name is what the message said"
      >
        from outside
      </span>
    );
  if (message.unverified)
    return (
      <span
        className="ml-1 rounded bg-slate-700 px-1 text-[10px] text-slate-300"
        title="The sender has not reported sending this message; its name is what the message said"
      >
        sender not verified
      </span>
    );
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
              <tr
                key={m.id}
                data-message-id={m.id}
                data-gossip-id={m.gossip?.id}
                data-sender={m.fromOutside ? 'outside' : m.unverified ? 'unverified' : 'verified'}
                className="border-t border-slate-800"
              >
                <td className="max-w-40 truncate whitespace-nowrap py-1 font-mono" title={`${m.from} → ${m.to}`}>
                  {m.from} → {m.to}
                  <Provenance message={m} />
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
