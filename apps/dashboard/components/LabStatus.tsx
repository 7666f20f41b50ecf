'use client';

import { overlayText, trafficRequestText, trafficTotals } from '@peerscope/network-view';
import type { NetworkView } from '@peerscope/network-view';

/** At a glance: what the person has done to the network and is still in force. */
export function LabStatus({ view }: { view: NetworkView }) {
  const { faults, overlay, traffic } = view;
  const badges: Array<[string, string, string]> = [['overlay', `overlay: ${overlayText(overlay)}`, 'bg-slate-800 text-slate-300']];
  if (faults.partition)
    badges.push(['partition', `partition: ${faults.partition.group.length} cut off (${faults.partition.direction})`, 'bg-rose-900 text-rose-100']);
  if (faults.paused.length > 0) badges.push(['paused', `paused: ${faults.paused.join(', ')}`, 'bg-slate-700 text-slate-100']);
  if (faults.links.length > 0) badges.push(['links', `link faults: ${faults.links.length}`, 'bg-orange-900 text-orange-100']);
  if (traffic.running)
    badges.push(['traffic', `traffic: ${trafficRequestText(traffic.request)} · ${trafficTotals(traffic)}`, 'bg-emerald-900 text-emerald-100']);
  return (
    <ul aria-label="Lab status" className="flex flex-wrap gap-1.5 text-xs">
      {badges.map(([key, text, tone]) => (
        <li key={key} data-badge={key} className={`rounded px-2 py-0.5 ${tone}`}>
          {text}
        </li>
      ))}
    </ul>
  );
}
