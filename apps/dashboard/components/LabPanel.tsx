'use client';

import type { NetworkView } from '@peerscope/network-view';
import { byNodeId } from '../lib/browser/node-order';
import { FaultControls } from './FaultControls';
import { LinkFaultForm } from './LinkFaultForm';
import type { Selection } from './NetworkGraph';
import { OverlayControls } from './OverlayControls';
import type { Notify } from './Toasts';

interface Props {
  view: NetworkView;
  selection: Selection;
  focus: string | undefined;
  group: string[];
  onAddToGroup: (id: string) => void;
  onClearGroup: () => void;
  notify: Notify;
}

/** Breaking the network on purpose: partitions, link faults, the overlay. */
export function LabPanel({ view, selection, focus, group, onAddToGroup, onClearGroup, notify }: Props) {
  // The selected edge (or the two clicked nodes), else the focused node's every outgoing link.
  const target = selection.from && selection.to ? { from: selection.from, to: selection.to } : focus ? { from: focus } : undefined;
  const targetKey = target ? `${target.from}->${target.to ?? '*'}` : 'none';
  return (
    <section aria-label="Faults and overlay" className="flex flex-col gap-3">
      <FaultControls
        faults={view.faults}
        nodeIds={[...view.nodes.keys()].sort(byNodeId)}
        group={group}
        onAddToGroup={onAddToGroup}
        onClearGroup={onClearGroup}
        notify={notify}
      />
      <LinkFaultForm key={targetKey} faults={view.faults} target={target} notify={notify} />
      <OverlayControls key={`${view.overlay.kind}:${view.overlay.k}`} overlay={view.overlay} notify={notify} />
    </section>
  );
}
