'use client';

import * as Ariakit from '@ariakit/react';
import { useEffect } from 'react';
import type { NetworkView } from '@peerscope/network-view';
import * as actions from '../lib/browser/actions';
import { whyForget, whyNot, whyNotIn, type NodeState, type NodeUse } from '../lib/browser/node-availability';
import { byNodeId } from '../lib/browser/node-order';
import type { Notify } from './Toasts';

/** What a menu acts on: one node, one link, a picked group, or the network as a whole. */
export type MenuTarget = { kind: 'node'; id: string } | { kind: 'edge'; from: string; to: string } | { kind: 'group'; ids: string[] } | { kind: 'network' };

export interface MenuRequest {
  target: MenuTarget;
  /** Where it opens, in client coordinates. */
  x: number;
  y: number;
}

/** What the menu does to the page itself rather than to the network. */
export interface MenuPageActions {
  notify: Notify;
  onGossipStarted: (id: string) => void;
  /** Selects the link (or every link out of a node) and opens the link fault form on it. */
  onLinkFault: (target: { from: string; to?: string }) => void;
  onToggleGroup: (id: string) => void;
  onClearGroup: () => void;
  onFit: () => void;
}

/** The longest list "Send to…" shows; the command palette reaches every node. */
const MAX_RECEIVERS = 24;

export const menuName = (target: MenuTarget) =>
  target.kind === 'node'
    ? `Actions for ${target.id}`
    : target.kind === 'edge'
      ? `Actions for the link ${target.from} → ${target.to}`
      : target.kind === 'group'
        ? `Actions for ${target.ids.length} nodes`
        : 'Actions for the network';

interface Props extends MenuPageActions {
  request: MenuRequest | undefined;
  view: NetworkView | undefined;
  group: string[];
  onClose: () => void;
}

const itemClass =
  'flex cursor-default items-center justify-between gap-4 rounded px-3 py-1.5 text-left text-sm text-slate-100 outline-none data-[active-item]:bg-sky-800 aria-disabled:opacity-50';
const menuClass = 'z-50 flex min-w-48 flex-col rounded-md border border-slate-600 bg-slate-900 p-1 shadow-xl';

/**
 * The context menu: right-click, long-press, or the context-menu key on a node, a link, a picked
 * group or the empty canvas. Every item calls the same shared action as the panels do.
 */
export function ContextMenu({ request, view, group, onClose, ...page }: Props) {
  const menu = Ariakit.useMenuStore({ open: request !== undefined, setOpen: (open) => !open && onClose() });
  // Opened from the keyboard or the mouse, the first item has focus (as a menu button's menu does).
  useEffect(() => {
    if (!request) return;
    menu.setAutoFocusOnShow(true);
    menu.setInitialFocus('first');
  }, [menu, request]);
  if (!request) return null;
  const { target } = request;
  return (
    <Ariakit.Menu
      key={`${request.x},${request.y},${menuName(target)}`}
      store={menu}
      modal
      getAnchorRect={() => ({ x: request.x, y: request.y })}
      aria-label={menuName(target)}
      className={menuClass}
    >
      {/* The menu's name says this to a screen reader; a heading is not allowed inside role=menu. */}
      <div aria-hidden className="px-3 py-1 text-xs font-semibold text-slate-300">
        {menuName(target).replace('Actions for ', '')}
      </div>
      <MenuItems target={target} view={view} group={group} page={page} />
    </Ariakit.Menu>
  );
}

/** A menu item; `why`, when given, is why it cannot run now: it is shown instead of `title`, and the item is disabled. */
function Item({ label, title, run, disabled, why }: { label: string; title: string; run: () => unknown; disabled?: boolean; why?: string }) {
  return (
    // Disabled items stay reachable by the arrows (as WAI-ARIA's menu pattern has it), so their title can be read.
    <Ariakit.MenuItem className={itemClass} title={why ?? title} disabled={disabled || why !== undefined} accessibleWhenDisabled onClick={() => void run()}>
      {label}
    </Ariakit.MenuItem>
  );
}

function MenuItems({ target, view, group, page }: { target: MenuTarget; view: NetworkView | undefined; group: string[]; page: MenuPageActions }) {
  const { notify } = page;
  switch (target.kind) {
    case 'node': {
      const { id } = target;
      const state: NodeState = { id, node: view?.nodes.get(id), paused: view?.faults.paused.includes(id) ?? false };
      const why = (use: NodeUse) => whyNot(use, state);
      const forget = whyForget(state);
      // Any node of the picture may be sent to: to a dead one the message fails, as it should.
      const receivers = [...(view?.nodes.values() ?? [])]
        .filter((n) => n.id !== id)
        .map((n) => n.id)
        .sort(byNodeId)
        .slice(0, MAX_RECEIVERS);
      const text = actions.DEFAULT_TEXT;
      return (
        <>
          <Ariakit.MenuProvider>
            <Ariakit.MenuItem
              className={itemClass}
              title={why('send') ?? `Send one message from ${id} to the node you pick`}
              disabled={why('send') !== undefined}
              accessibleWhenDisabled
              render={<Ariakit.MenuButton />}
            >
              Send to… <span aria-hidden>›</span>
            </Ariakit.MenuItem>
            <Ariakit.Menu gutter={4} shift={-6} aria-label={`Send from ${id} to`} className={`${menuClass} max-h-80 overflow-y-auto`}>
              {receivers.map((to) => (
                <Item key={to} label={to} title={`Send "${text}" from ${id} to ${to}`} run={() => actions.sendMessage({ from: id, to, text }, notify)} />
              ))}
            </Ariakit.Menu>
          </Ariakit.MenuProvider>
          <Item
            label="Broadcast"
            title={`Send "${text}" from ${id} to every neighbour`}
            why={why('broadcast')}
            run={() => actions.broadcast({ from: id, text }, notify)}
          />
          <Item
            label="Gossip from here"
            why={why('gossip')}
            title={`Start a gossip from ${id} (TTL ${actions.DEFAULT_GOSSIP.ttl}, fan-out ${actions.DEFAULT_GOSSIP.fanout})`}
            run={async () => {
              const gossip = await actions.startGossip({ from: id }, notify);
              if (gossip) page.onGossipStarted(gossip);
            }}
          />
          <Ariakit.MenuSeparator className="my-1 border-slate-700" />
          {state.paused ? (
            <Item label="Resume" title={`Let ${id} answer again`} why={why('resume')} run={() => actions.nodeAction('resume', id, notify)} />
          ) : (
            <Item
              label="Pause"
              title={`Freeze ${id}: it stops answering but keeps running`}
              why={why('pause')}
              run={() => actions.nodeAction('pause', id, notify)}
            />
          )}
          <Item
            label="Crash"
            title={`Kill ${id} without warning; the registry notices by its silence`}
            why={why('crash')}
            run={() => actions.nodeAction('crash', id, notify)}
          />
          <Item
            label="Restart"
            title={`Stop ${id} and start it again under the same id`}
            why={why('restart')}
            run={() => actions.nodeAction('restart', id, notify)}
          />
          <Item
            label="Remove"
            title={forget ? `Forget ${id} now: ${forget}` : `${id} leaves the network politely`}
            why={why('remove')}
            run={() => actions.nodeAction('remove', id, notify)}
          />
          <Ariakit.MenuSeparator className="my-1 border-slate-700" />
          <Item label="Link fault…" title={`Latency, jitter or loss on every link out of ${id}`} run={() => page.onLinkFault({ from: id })} />
          <Item
            label={group.includes(id) ? 'Remove from group' : 'Add to group'}
            title="The group is what Partition cuts off"
            run={() => page.onToggleGroup(id)}
          />
        </>
      );
    }
    case 'edge': {
      const { from, to } = target;
      const text = actions.DEFAULT_TEXT;
      const why = whyNotIn(view);
      const whySend = (sender: string, receiver: string) => why('send', sender) ?? why('receive', receiver);
      return (
        <>
          <Item
            label="Send along it"
            title={`Send "${text}" from ${from} to ${to}`}
            why={whySend(from, to)}
            run={() => actions.sendMessage({ from, to, text }, notify)}
          />
          <Item
            label="Send back"
            title={`Send "${text}" from ${to} to ${from}`}
            why={whySend(to, from)}
            run={() => actions.sendMessage({ from: to, to: from, text }, notify)}
          />
          <Item label="Link fault…" title={`Latency, jitter or loss on the link ${from} → ${to}`} run={() => page.onLinkFault({ from, to })} />
        </>
      );
    }
    case 'group': {
      const { ids } = target;
      return (
        <>
          <Item label="Partition" title={`Cut ${ids.join(', ')} off from the rest, both ways`} run={() => actions.partition(ids, 'both', notify)} />
          <Item
            label="Gossip"
            title={`Start a gossip from each of ${ids.join(', ')}`}
            run={async () => {
              const started = await Promise.all(ids.map((from) => actions.startGossip({ from }, notify)));
              const last = started.filter((g) => g !== undefined).at(-1);
              if (last) page.onGossipStarted(last);
            }}
          />
          <Item label="Crash all" title={`Kill ${ids.join(', ')} without warning`} run={() => actions.nodeActionAll('crash', ids, notify)} />
          <Item label="Remove all" title={`${ids.join(', ')} leave the network politely`} run={() => actions.nodeActionAll('remove', ids, notify)} />
          <Item label="Clear group" title="Unpick every node of the group" run={page.onClearGroup} />
        </>
      );
    }
    case 'network':
      return (
        <>
          <Item label="Add node" title="Start one more node; it joins through the bootstrap" run={() => actions.addNodes(1, notify)} />
          <Item
            label={`Random traffic (${actions.DEFAULT_TRAFFIC_COUNT})`}
            title={`Send ${actions.DEFAULT_TRAFFIC_COUNT} messages between random live pairs`}
            run={() => actions.randomTraffic(actions.DEFAULT_TRAFFIC_COUNT, notify)}
          />
          <Item label="Heal partition" title="Remove the partition" disabled={!view?.faults.partition} run={() => actions.healPartition(notify)} />
          <Item label="Reset faults" title="Heal the partition, clear link faults, resume paused nodes" run={() => actions.resetFaults(notify)} />
          <Item label="Fit view" title="Fit the whole network in view" run={page.onFit} />
        </>
      );
  }
}
