'use client';

import { useState } from 'react';
import type { ViewNode } from '@peerscope/protocol';
import { MAX_NODES_PER_REQUEST } from '@peerscope/protocol/limits';
import { addNodes } from '../lib/browser/actions';
import { ActionButton } from './ActionButton';
import { NumberField } from './fields';
import type { Selection } from './NetworkGraph';
import { NodeControls } from './NodeControls';
import { SendControls } from './SendControls';
import type { Notify } from './Toasts';

interface Props {
  nodes: ViewNode[];
  selection: Selection;
  focus: string | undefined;
  paused: boolean;
  onSelect: (selection: Selection) => void;
  onGossipStarted: (id: string) => void;
  notify: Notify;
}

/** The network's own controls: nodes and messages. */
export function ActionsPanel({ nodes, selection, focus, paused, onSelect, onGossipStarted, notify }: Props) {
  const [count, setCount] = useState(1);

  return (
    <section aria-label="Actions" className="flex flex-col gap-3">
      <div className="flex items-end gap-2">
        <NumberField label="Node count" title="How many nodes Add node starts at once" value={count} min={1} max={MAX_NODES_PER_REQUEST} onChange={setCount} />
        <ActionButton tone="primary" title="Start new nodes; each joins through the bootstrap" onRun={() => addNodes(count, notify)}>
          Add node
        </ActionButton>
      </div>
      <NodeControls focus={focus ? { id: focus, node: nodes.find((n) => n.id === focus), paused } : undefined} notify={notify} />
      <SendControls nodes={nodes} selection={selection} focus={focus} onSelect={onSelect} onGossipStarted={onGossipStarted} notify={notify} />
    </section>
  );
}
