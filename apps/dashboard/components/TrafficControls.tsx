'use client';

import { useState } from 'react';
import type { TrafficStatus } from '@peerscope/protocol';
import * as actions from '../lib/browser/actions';
import { trafficRequestText, trafficTotals } from '@peerscope/network-view';
import { ActionButton } from './ActionButton';
import { NumberField, Section } from './fields';
import type { Notify } from './Toasts';

/** Random messages between live pairs: a burst the dashboard sends itself, or the bootstrap's generator at a rate. */
export function TrafficControls({ nodes, traffic, notify }: { nodes: number; traffic: TrafficStatus; notify: Notify }) {
  const { running } = traffic;
  const [count, setCount] = useState(50);
  const [rate, setRate] = useState(5);
  const [duration, setDuration] = useState(10);

  const burst = () => actions.randomTraffic(count, notify);
  const start = () => actions.startTraffic({ rate, durationS: duration }, notify);
  const stop = () => actions.stopTraffic(notify);

  return (
    <Section title="Random traffic">
      <div className="flex items-end gap-2">
        <NumberField label="Message count" title="How many messages Random traffic sends" value={count} min={1} max={500} onChange={setCount} width="w-20" />
        <ActionButton title="Send messages between random live pairs, as the course's traffic script does" disabled={nodes < 2} onRun={burst}>
          Random traffic
        </ActionButton>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <NumberField
          label="Rate (msg/s)"
          title="Messages per second the bootstrap's generator sends"
          value={rate}
          min={0.1}
          max={1_000}
          integer={false}
          onChange={setRate}
        />
        <NumberField label="Duration (s)" title="How long the generator runs" value={duration} min={1} max={3_600} onChange={setDuration} />
        <ActionButton tone="primary" title="Start the bootstrap's traffic generator in the background" disabled={running || nodes < 2} onRun={start}>
          Start traffic
        </ActionButton>
        <ActionButton title="Stop the traffic generator" disabled={!running} onRun={stop}>
          Stop traffic
        </ActionButton>
      </div>
      <p className="text-xs text-slate-300" aria-label="Traffic generator" data-running={running}>
        {running ? `Running (${trafficRequestText(traffic.request)}): ` : traffic.request ? 'Last run: ' : 'Generator idle'}
        {traffic.request && trafficTotals(traffic)}
      </p>
    </Section>
  );
}
