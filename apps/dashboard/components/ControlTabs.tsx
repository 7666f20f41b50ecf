'use client';

import * as Ariakit from '@ariakit/react';
import type { ReactNode } from 'react';

export type ControlTab = 'network' | 'faults';

const TABS: Array<{ id: ControlTab; label: string; title: string }> = [
  { id: 'network', label: 'Network', title: 'Add nodes, random traffic, send, broadcast, gossip; crash, remove, pause the selected node' },
  { id: 'faults', label: 'Faults', title: 'Partition a group, heal, reset faults, link faults, the overlay, crash the bootstrap' },
];

/**
 * The controls column as tabs, so it fits a laptop screen without scrolling: the network's own
 * actions on the first, the faults a person injects on the second. Both stay mounted (hidden when
 * not shown), so what was typed in a form survives a switch.
 */
export function ControlTabs({ tab, onTab, panels }: { tab: ControlTab; onTab: (tab: ControlTab) => void; panels: Record<ControlTab, ReactNode> }) {
  return (
    <Ariakit.TabProvider selectedId={tab} setSelectedId={(id) => id && onTab(id as ControlTab)}>
      <Ariakit.TabList aria-label="Controls" className="flex shrink-0 gap-1 border-b border-slate-700">
        {TABS.map(({ id, label, title }) => (
          <Ariakit.Tab
            key={id}
            id={id}
            title={title}
            className="rounded-t px-3 py-1.5 text-sm text-slate-300 hover:text-slate-100 aria-selected:bg-slate-800 aria-selected:font-medium aria-selected:text-white"
          >
            {label}
          </Ariakit.Tab>
        ))}
      </Ariakit.TabList>
      {TABS.map(({ id }) => (
        <Ariakit.TabPanel key={id} tabId={id} focusable={false} className="flex min-h-0 flex-1 flex-col gap-3 overflow-y-auto pt-3 pr-1">
          {panels[id]}
        </Ariakit.TabPanel>
      ))}
    </Ariakit.TabProvider>
  );
}
