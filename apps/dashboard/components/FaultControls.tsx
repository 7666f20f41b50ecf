'use client';

import { useState } from 'react';
import type { CutDirection, FaultState } from '@peerscope/protocol';
import * as actions from '../lib/browser/actions';
import { ActionButton } from './ActionButton';
import { inputClass, Section } from './fields';
import type { Notify } from './Toasts';

interface Props {
  faults: FaultState;
  nodeIds: string[];
  group: string[];
  onAddToGroup: (id: string) => void;
  onClearGroup: () => void;
  notify: Notify;
}

/** Cut the picked group off from the rest (both ways or one), heal it, or clear every fault. */
export function FaultControls({ faults, nodeIds, group, onAddToGroup, onClearGroup, notify }: Props) {
  const [direction, setDirection] = useState<CutDirection>('both');
  const partition = faults.partition;

  const cut = () => actions.partition(group, direction, notify);
  const heal = () => actions.healPartition(notify);
  const reset = () => actions.resetFaults(notify);

  return (
    <Section title="Partition (shift-click nodes, or shift-drag a box)">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-slate-300" aria-label="Selected group">
          {group.length > 0 ? `Group: ${group.join(', ')}` : 'No group selected'}
        </p>
        {/* The keyboard's way to pick a group. */}
        <select
          aria-label="Pick for group"
          title="Add a node to the group that Partition cuts off"
          value=""
          onChange={(e) => e.target.value && onAddToGroup(e.target.value)}
          className={`${inputClass} text-xs`}
        >
          <option value="">add…</option>
          {nodeIds
            .filter((id) => !group.includes(id))
            .map((id) => (
              <option key={id}>{id}</option>
            ))}
        </select>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-0.5 text-[11px] text-slate-400">
          Cut direction
          <select
            aria-label="Cut direction"
            title="Cut both ways, or only messages out of (outbound) or into (inbound) the group"
            value={direction}
            onChange={(e) => setDirection(e.target.value as CutDirection)}
            className={inputClass}
          >
            <option value="both">both</option>
            <option value="outbound">outbound</option>
            <option value="inbound">inbound</option>
          </select>
        </label>
        <ActionButton tone="danger" title="Cut the picked group off from the rest of the network" disabled={group.length === 0} onRun={cut}>
          Partition
        </ActionButton>
        <ActionButton title="Remove the partition: every link works again" disabled={!partition} onRun={heal}>
          Heal
        </ActionButton>
        <ActionButton title="Unpick every node of the group" disabled={group.length === 0} onRun={async () => onClearGroup()}>
          Clear group
        </ActionButton>
      </div>
      {partition && (
        <p className="text-xs text-rose-300" role="note" aria-label="Partition in force">
          Cut off: {partition.group.join(', ')} ({partition.direction})
        </p>
      )}
      <ActionButton title="Heal the partition, clear every link fault and resume paused nodes" onRun={reset}>
        Reset faults
      </ActionButton>
    </Section>
  );
}
