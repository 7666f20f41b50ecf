'use client';

import type { ViewNode } from '@peerscope/protocol';
import { isCut, linkFaultLabel } from '@peerscope/network-view';
import type { NetworkView } from '@peerscope/network-view';

/** Rows whose values need the panel's whole width. */
const WIDE = new Set(['url', 'neighbours', 'link faults', 'partition']);

export function NodeDetails({ node, peers, view }: { node: ViewNode | undefined; peers: number; view: NetworkView | undefined }) {
  if (!node) return <p className="text-xs text-slate-500">Click a node to see its details.</p>;
  const faults = view?.faults;
  const partition = faults?.partition;
  const side = !partition ? 'none' : partition.group.includes(node.id) ? `cut off (${partition.direction})` : 'on the other side';
  const rules = faults?.links.filter((r) => r.from === node.id) ?? [];
  const overlay = view?.overlay;
  const cutPeers = partition && view ? [...view.nodes.keys()].filter((id) => id !== node.id && isCut(view.faults, node.id, id)).length : 0;
  // In pairs, two to a line; the wide ones take a line of their own.
  const rows: Array<[string, string | number]> = [
    ['id', node.id],
    ['kind', node.kind],
    ['url', node.url],
    ['status', node.status],
    ['paused', faults?.paused.includes(node.id) ? 'yes' : 'no'],
    ['partition', cutPeers > 0 ? `${side}, ${cutPeers} links out cut` : side],
    [
      'neighbours',
      !overlay || overlay.kind === 'full'
        ? 'all (full mesh)'
        : (Object.hasOwn(overlay.neighbours, node.id) ? overlay.neighbours[node.id]! : []).join(', ') || 'none',
    ],
    ['link faults', rules.map((r) => `${r.to ? `→ ${r.to}` : 'all'}: ${linkFaultLabel(r)}`).join('; ') || 'none'],
    ['peers', peers],
    ['failed sends', node.failed],
    ['messages out', node.sent],
    ['messages in', node.received],
  ];
  return (
    <section aria-label="Node details">
      <h2 className="mb-1 text-sm font-semibold text-slate-300">Node {node.id}</h2>
      <dl className="grid grid-cols-[auto_1fr_auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([label, value]) => (
          <div key={label} className={WIDE.has(label) ? 'col-span-4 grid grid-cols-subgrid' : 'contents'}>
            <dt className="text-slate-500">{label}</dt>
            <dd className={`truncate font-mono ${WIDE.has(label) ? 'col-span-3' : ''}`} data-field={label} title={String(value)}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
