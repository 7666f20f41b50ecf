'use client';

import { useState } from 'react';
import { GOSSIP_LIMITS, type ViewNode } from '@peerscope/protocol';
import { dashboardApi } from '../lib/browser/dashboard-api';
import { ActionButton } from './ActionButton';
import { inputClass, NumberField, Section } from './fields';
import type { Selection } from './NetworkGraph';
import { failureText, type Notify } from './Toasts';

interface Props {
  nodes: ViewNode[];
  selection: Selection;
  focus: string | undefined;
  onSelect: (selection: Selection) => void;
  onGossipStarted: (id: string) => void;
  notify: Notify;
}

/** One message from A to B, or one text from the focused node to all its neighbours (broadcast, gossip). */
export function SendControls({ nodes, selection, focus, onSelect, onGossipStarted, notify }: Props) {
  const [text, setText] = useState('hello');
  const [ttl, setTtl] = useState(8);
  const [fanout, setFanout] = useState(3);
  const ids = nodes.map((n) => n.id);

  const send = async () => {
    if (!selection.from || !selection.to) return;
    const result = await dashboardApi.sendMessage({ from: selection.from, to: selection.to, text });
    if (!result.ok) notify('error', failureText('Send', result.error));
    else if (result.data.status === 'delivered') notify('ok', `${result.data.from} → ${result.data.to} delivered in ${result.data.latencyMs} ms`);
    else notify('error', `${result.data.from} → ${result.data.to} failed: ${result.data.error?.code}`);
  };

  const broadcast = async () => {
    if (!focus) return;
    const result = await dashboardApi.broadcast({ from: focus, text });
    if (!result.ok) return notify('error', failureText('Broadcast', result.error));
    const delivered = result.data.results.filter((r) => r.status === 'delivered').length;
    const failed = result.data.results.length - delivered;
    notify(failed ? 'error' : 'ok', `Broadcast from ${focus}: ${delivered} delivered, ${failed} failed`);
  };

  const gossip = async () => {
    if (!focus) return;
    const result = await dashboardApi.startGossip({ from: focus, text, ttl, fanout });
    if (!result.ok) return notify('error', failureText('Gossip', result.error));
    onGossipStarted(result.data.id);
    notify('ok', `Gossip from ${focus} started (TTL ${result.data.ttl}, fan-out ${result.data.fanout})`);
  };

  return (
    <Section title="Send a message (click a node, then another)">
      <div className="flex gap-2">
        <select
          aria-label="From"
          value={selection.from ?? ''}
          onChange={(e) => onSelect({ ...selection, from: e.target.value || undefined })}
          className={`${inputClass} flex-1`}
        >
          <option value="">from…</option>
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </select>
        <select
          aria-label="To"
          value={selection.to ?? ''}
          onChange={(e) => onSelect({ ...selection, to: e.target.value || undefined })}
          className={`${inputClass} flex-1`}
        >
          <option value="">to…</option>
          {ids.map((id) => (
            <option key={id}>{id}</option>
          ))}
        </select>
      </div>
      <div className="flex gap-2">
        <input aria-label="Message text" value={text} maxLength={16_384} onChange={(e) => setText(e.target.value)} className={`${inputClass} min-w-0 flex-1`} />
        <ActionButton tone="primary" disabled={!selection.from || !selection.to} onRun={send}>
          Send
        </ActionButton>
      </div>
      <div className="flex flex-wrap items-end gap-2 border-t border-slate-800 pt-2">
        <span className="w-full text-[11px] text-slate-400">{focus ? `To every neighbour of ${focus}:` : 'Click a node to broadcast or gossip from it.'}</span>
        <ActionButton disabled={!focus} onRun={broadcast}>
          Broadcast
        </ActionButton>
        <NumberField label="TTL" value={ttl} min={1} max={GOSSIP_LIMITS.maxTtl} onChange={setTtl} width="w-14" />
        <NumberField label="Fan-out" value={fanout} min={1} max={GOSSIP_LIMITS.maxFanout} onChange={setFanout} width="w-14" />
        <ActionButton disabled={!focus} onRun={gossip}>
          Gossip
        </ActionButton>
      </div>
    </Section>
  );
}
