'use client';

import { useState } from 'react';
import type { FaultState, LinkFaultRule } from '@peerscope/protocol';
import { setLinkFault } from '../lib/browser/actions';
import { linkFaultLabel, ruleTarget } from '@peerscope/network-view';
import { ActionButton } from './ActionButton';
import { NumberField, Section } from './fields';
import type { Notify } from './Toasts';

interface Props {
  faults: FaultState;
  /** The selected edge (`to` set) or node (every link out of it). */
  target: { from: string; to?: string } | undefined;
  notify: Notify;
}

/** Latency, jitter and loss on one link, or on every link out of one node; all zero clears it. */
export function LinkFaultForm({ faults, target, notify }: Props) {
  const existing = target && faults.links.find((r) => r.from === target.from && r.to === target.to);
  // Keyed by its target (see LabPanel): a newly selected target starts from the fault it has.
  const [latencyMs, setLatency] = useState(existing?.latencyMs ?? 0);
  const [jitterMs, setJitter] = useState(existing?.jitterMs ?? 0);
  const [lossPct, setLoss] = useState(existing?.lossPct ?? 0);

  const apply = async () => {
    if (!target) return;
    const rule: LinkFaultRule = { ...target, latencyMs, jitterMs, lossPct };
    await setLinkFault(rule, notify);
  };

  return (
    <Section title="Link fault (click a node, or an edge / two nodes)">
      <p className="text-xs text-slate-300" aria-label="Link fault target">
        {target ? ruleTarget(target) : 'Select a node or an edge'}
        {existing && <span className="text-orange-300"> · now {linkFaultLabel(existing)}</span>}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <NumberField label="Latency (ms)" title="Delay added to each message on the link" value={latencyMs} min={0} max={10_000} onChange={setLatency} />
        <NumberField label="Jitter (ms)" title="Random variation around the latency" value={jitterMs} min={0} max={10_000} onChange={setJitter} />
        <NumberField
          label="Loss (%)"
          title="Share of messages on the link that are dropped"
          value={lossPct}
          min={0}
          max={100}
          integer={false}
          onChange={setLoss}
        />
        <ActionButton title="Set this fault on the link (all zero clears it)" disabled={!target} onRun={apply}>
          Apply link fault
        </ActionButton>
      </div>
    </Section>
  );
}
