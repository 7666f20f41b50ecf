'use client';

import { useState } from 'react';
import type { SendResult, StartNodesResponse, StopNodeResponse, ViewNode } from '@peerscope/protocol';
import { runAction } from '../lib/actions';
import { ActionButton } from './ActionButton';
import type { Selection } from './NetworkGraph';

interface Props {
  nodes: ViewNode[];
  selection: Selection;
  focus: string | undefined;
  onSelect: (selection: Selection) => void;
  notify: (tone: 'ok' | 'error', text: string) => void;
}

const input = 'rounded border border-slate-600 bg-slate-900 px-2 py-1 text-sm text-slate-100';

export function ActionsPanel({ nodes, selection, focus, onSelect, notify }: Props) {
  const [count, setCount] = useState(1);
  const [text, setText] = useState('hello');
  const [trafficCount, setTrafficCount] = useState(50);
  const ids = nodes.map((n) => n.id);

  const addNodes = async () => {
    const result = await runAction<StartNodesResponse>('POST', '/api/nodes', { count });
    if (result.ok) notify('ok', `Started ${result.data.nodes.map((n) => n.id).join(', ')}`);
    else notify('error', `Add node failed: ${result.message}`);
  };

  const stopNode = async (mode: 'graceful' | 'crash') => {
    if (!focus) return;
    const result = await runAction<StopNodeResponse>('DELETE', `/api/nodes/${encodeURIComponent(focus)}?mode=${mode}`);
    const verb = mode === 'crash' ? 'Crashed' : 'Removed';
    if (result.ok) notify('ok', `${verb} ${focus}`);
    else notify('error', `${mode === 'crash' ? 'Crash' : 'Remove'} node failed: ${result.message}`);
  };

  const send = async () => {
    if (!selection.from || !selection.to) return;
    const result = await runAction<SendResult>('POST', '/api/messages', { from: selection.from, to: selection.to, text });
    if (!result.ok) notify('error', `Send failed: ${result.message}`);
    else if (result.data.status === 'delivered') notify('ok', `${result.data.from} → ${result.data.to} delivered in ${result.data.latencyMs} ms`);
    else notify('error', `${result.data.from} → ${result.data.to} failed: ${result.data.error?.code}`);
  };

  const randomTraffic = async () => {
    const result = await runAction<{ requested: number; delivered: number; failed: number }>('POST', '/api/traffic', { count: trafficCount });
    if (result.ok) notify(result.data.failed ? 'error' : 'ok', `Random traffic: ${result.data.delivered} delivered, ${result.data.failed} failed`);
    else notify('error', `Random traffic failed: ${result.message}`);
  };

  return (
    <section aria-label="Actions" className="flex flex-col gap-4">
      <div className="flex items-center gap-2">
        <label className="text-xs text-slate-400" htmlFor="node-count">
          Nodes
        </label>
        <input id="node-count" aria-label="Node count" type="number" min={1} max={50} value={count} onChange={(e) => setCount(clamp(e.target.valueAsNumber, 1, 50))} className={`${input} w-16`} />
        <ActionButton tone="primary" onRun={addNodes}>
          Add node
        </ActionButton>
      </div>

      <div className="flex items-center gap-2">
        <span className="w-20 truncate text-xs text-slate-400">{focus ?? 'no node selected'}</span>
        <ActionButton disabled={!focus} onRun={() => stopNode('graceful')}>
          Remove node
        </ActionButton>
        <ActionButton tone="danger" disabled={!focus} onRun={() => stopNode('crash')}>
          Crash node
        </ActionButton>
      </div>

      <fieldset className="flex flex-col gap-2 rounded border border-slate-700 p-3">
        <legend className="px-1 text-xs text-slate-400">Send a message (click a node, then another)</legend>
        <div className="flex gap-2">
          <select aria-label="From" value={selection.from ?? ''} onChange={(e) => onSelect({ ...selection, from: e.target.value || undefined })} className={`${input} flex-1`}>
            <option value="">from…</option>
            {ids.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
          <select aria-label="To" value={selection.to ?? ''} onChange={(e) => onSelect({ ...selection, to: e.target.value || undefined })} className={`${input} flex-1`}>
            <option value="">to…</option>
            {ids.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          <input aria-label="Message text" value={text} maxLength={16_384} onChange={(e) => setText(e.target.value)} className={`${input} flex-1`} />
          <ActionButton tone="primary" disabled={!selection.from || !selection.to} onRun={send}>
            Send
          </ActionButton>
        </div>
      </fieldset>

      <div className="flex items-center gap-2">
        <input aria-label="Message count" type="number" min={1} max={500} value={trafficCount} onChange={(e) => setTrafficCount(clamp(e.target.valueAsNumber, 1, 500))} className={`${input} w-20`} />
        <ActionButton disabled={nodes.length < 2} onRun={randomTraffic}>
          Random traffic
        </ActionButton>
      </div>
    </section>
  );
}

const clamp = (value: number, min: number, max: number) => (Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : min);
