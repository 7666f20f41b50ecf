'use client';

import type { ViewNode } from '@peerscope/protocol';

export function NodeDetails({ node, peers }: { node: ViewNode | undefined; peers: number }) {
  if (!node) return <p className="text-xs text-slate-500">Click a node to see its details.</p>;
  const rows: Array<[string, string | number]> = [
    ['id', node.id],
    ['url', node.url],
    ['kind', node.kind],
    ['status', node.status],
    ['peers', peers],
    ['messages out', node.sent],
    ['messages in', node.received],
    ['failed sends', node.failed],
  ];
  return (
    <section aria-label="Node details">
      <h2 className="mb-1 text-sm font-semibold text-slate-300">Node {node.id}</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd className="truncate font-mono" data-field={label}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
