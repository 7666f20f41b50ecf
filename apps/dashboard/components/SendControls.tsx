'use client';

import { useMemo, useState } from 'react';
import type { ViewNode } from '@peerscope/protocol';
import { GOSSIP_LIMITS } from '@peerscope/protocol/limits';
import * as actions from '../lib/browser/actions';
import { whyNot, type NodeUse } from '../lib/browser/node-availability';
import { ActionButton } from './ActionButton';
import { inputClass, NumberField, Section } from './fields';
import type { Selection } from './NetworkGraph';
import type { Notify } from './Toasts';

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
  // The options are built again only when the set of nodes changes, not each time the panels
  // refresh under traffic (two selects of 1,000 options at 1,000 nodes).
  const ids = nodes.map((n) => n.id).join('\n');
  const options = useMemo(() => ids.split('\n').map((id) => id !== '' && <option key={id}>{id}</option>), [ids]);

  // Why Send, Broadcast or Gossip cannot run now (a dead sender, a course node): said on hover, and the button is off.
  // (Pausing does not matter to them: a paused sender's send waits for its resume.)
  const why = (use: NodeUse, id: string | undefined) =>
    id === undefined ? undefined : whyNot(use, { id, node: nodes.find((n) => n.id === id), paused: false });
  const whySend = why('send', selection.from) ?? why('receive', selection.to);
  const whyBroadcast = why('broadcast', focus);
  const whyGossip = why('gossip', focus);

  const send = async () => selection.from && selection.to && actions.sendMessage({ from: selection.from, to: selection.to, text }, notify);
  const broadcast = async () => focus && actions.broadcast({ from: focus, text }, notify);
  const gossip = async () => {
    if (!focus) return;
    const id = await actions.startGossip({ from: focus, text, ttl, fanout }, notify);
    if (id) onGossipStarted(id);
  };

  return (
    <Section title="Send a message (click a node, then another)">
      <div className="flex gap-2">
        <select
          aria-label="From"
          title="The sender (or click a node on the graph)"
          value={selection.from ?? ''}
          onChange={(e) => onSelect({ ...selection, from: e.target.value || undefined })}
          className={`${inputClass} flex-1`}
        >
          <option value="">from…</option>
          {options}
        </select>
        <select
          aria-label="To"
          title="The receiver (or click a second node on the graph)"
          value={selection.to ?? ''}
          onChange={(e) => onSelect({ ...selection, to: e.target.value || undefined })}
          className={`${inputClass} flex-1`}
        >
          <option value="">to…</option>
          {options}
        </select>
      </div>
      <div className="flex gap-2">
        <input
          aria-label="Message text"
          title="The text Send, Broadcast and Gossip carry"
          value={text}
          maxLength={16_384}
          onChange={(e) => setText(e.target.value)}
          className={`${inputClass} min-w-0 flex-1`}
        />
        <ActionButton
          tone="primary"
          title="Send the text from the sender to the receiver"
          why={whySend}
          disabled={!selection.from || !selection.to}
          onRun={send}
        >
          Send
        </ActionButton>
      </div>
      <div className="flex flex-wrap items-end gap-2 border-t border-slate-800 pt-2">
        <span className="w-full text-[11px] text-slate-400">{focus ? `To every neighbour of ${focus}:` : 'Click a node to broadcast or gossip from it.'}</span>
        <ActionButton title="Send the text from the selected node to every neighbour" why={whyBroadcast} disabled={!focus} onRun={broadcast}>
          Broadcast
        </ActionButton>
        <NumberField label="TTL" title="How many hops a gossip may travel" value={ttl} min={1} max={GOSSIP_LIMITS.maxTtl} onChange={setTtl} width="w-14" />
        <NumberField
          label="Fan-out"
          title="How many neighbours each node passes a gossip on to"
          value={fanout}
          min={1}
          max={GOSSIP_LIMITS.maxFanout}
          onChange={setFanout}
          width="w-14"
        />
        <ActionButton title="Start a gossip from the selected node and watch it spread" why={whyGossip} disabled={!focus} onRun={gossip}>
          Gossip
        </ActionButton>
      </div>
    </Section>
  );
}
