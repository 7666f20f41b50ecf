'use client';

import dynamic from 'next/dynamic';
import { Suspense, useCallback, useRef, useState } from 'react';
import { useConnection, useNetworkClient, useViewVersion } from '../lib/browser/use-network';
import type { Access } from '../lib/common/access';
import { testHookMark } from '../lib/browser/test-hook';
import { byNodeId } from '../lib/browser/node-order';
import { canUseIn, whyNotIn } from '../lib/browser/node-availability';
import { AccessBadge, ViewerNotice } from './AccessBadge';
import { ActionsPanel } from './ActionsPanel';
import { ActivityLog } from './ActivityLog';
import { CountersBar } from './CountersBar';
import { GossipPanel } from './GossipPanel';
import { BootstrapBadge } from './BootstrapBadge';
import { BootstrapCrashControl } from './BootstrapCrashControl';
import { LabPanel } from './LabPanel';
import { LabStatus } from './LabStatus';
import { Legend } from './Legend';
import { MessageLog } from './MessageLog';
import { MessageFocus } from '../lib/browser/message-focus';
import { SpaceTimeToggle } from './SpaceTimeToggle';
import type { ContextTarget, GraphControls, Selection } from './NetworkGraph';
import type { MenuRequest } from './ContextMenu';
import { ControlTabs, type ControlTab } from './ControlTabs';
import { KeyboardButtons } from './KeyboardButtons';
import { FirstMinuteGuide } from './FirstMinuteGuide';
import { useShortcuts } from '../lib/browser/use-shortcuts';
import { useOpenedOnce } from '../lib/browser/use-opened-once';
import { useTypeAhead } from '../lib/browser/use-type-ahead';
import { NodeDetails } from './NodeDetails';
import { Toasts, useToasts } from './Toasts';
import { TrafficControls } from './TrafficControls';
import { TraceControls, TraceModeNotice } from './TraceControls';

// The graph's chunk (Cytoscape, the largest) is preloaded from the page's HTML: the server renders
// the component (its frame; Cytoscape starts in its effect, in the browser), so Next puts the
// chunk in the page's head, fetched beside the first script rather than once it has run. The
// rest of the page hydrates without waiting for it (its own Suspense boundary).
// (The import stays written inside dynamic(): that is where Next finds it for the preload.)
const NetworkGraph = dynamic(() => import('./NetworkGraph'));
if (typeof window !== 'undefined') void import('./NetworkGraph');
// What nobody sees at load (menus, dialogs, the diagram) loads when first opened, not with the page.
const ContextMenu = dynamic(() => import('./ContextMenu').then((m) => m.ContextMenu), { ssr: false });
const CommandPalette = dynamic(() => import('./CommandPalette').then((m) => m.CommandPalette), { ssr: false });
const ShortcutsHelp = dynamic(() => import('./ShortcutsHelp').then((m) => m.ShortcutsHelp), { ssr: false });
const SpaceTimePanel = dynamic(() => import('./SpaceTimePanel').then((m) => m.SpaceTimePanel), { ssr: false });

/**
 * `testHook`: the server was started with PEERSCOPE_TEST_HOOK=1, so the graph installs `window.__peerscope`.
 * `replay`: the server replays a trace (`npm run replay`): no hub to connect to.
 */
export function Dashboard({ access, testHook, replay = false }: { access: Access; testHook: boolean; replay?: boolean }) {
  const client = useNetworkClient(!replay);
  useViewVersion(client);
  const connection = useConnection(client);
  const { toasts, push } = useToasts();
  const [selection, setSelection] = useState<Selection>({});
  const [focus, setFocus] = useState<string>();
  const [group, setGroup] = useState<string[]>([]);
  const [gossipId, setGossipId] = useState<string>();
  // The message pointed at: shared by the graph, the space-time diagram and the message log.
  const [messageFocus] = useState(() => new MessageFocus());
  const [diagramOpen, setDiagramOpen] = useState(false);
  const [menu, setMenu] = useState<MenuRequest>();
  const graph = useRef<GraphControls | null>(null);
  // A trace on screen (time travel, a replay) is not the live network: nothing acts then, as for a viewer.
  const showingTrace = client.source === 'trace' || replay;
  const canAct = access.role !== 'viewer' && !showingTrace;
  const [tab, setTab] = useState<ControlTab>('network');
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  // Mounted from their first opening on (and kept, so closing them behaves as it always has).
  const menuSeen = useOpenedOnce(menu !== undefined);
  const paletteSeen = useOpenedOnce(paletteOpen);
  const takeTyped = useTypeAhead(canAct && paletteOpen);
  const helpSeen = useOpenedOnce(helpOpen);

  const view = client.view;
  const nodes = view ? [...view.nodes.values()].sort((a, b) => byNodeId(a.id, b.id)) : [];
  const focused = focus ? view?.nodes.get(focus) : undefined;
  const alive = nodes.filter((n) => n.status === 'alive').length;
  const gossip = gossipId ? view?.gossips.get(gossipId) : [...(view?.gossips.values() ?? [])].at(-1);

  // First click picks the sender, the second the receiver; a third starts over.
  const onTapNode = useCallback((id: string) => {
    setFocus(id);
    setSelection((s) => (s.from && !s.to && s.from !== id ? { from: s.from, to: id } : { from: id }));
  }, []);
  const onToggleGroup = useCallback((id: string) => setGroup((g) => (g.includes(id) ? g.filter((x) => x !== id) : [...g, id])), []);
  const onBoxSelect = useCallback((ids: string[]) => setGroup((g) => [...g, ...ids.filter((id) => !g.includes(id))]), []);
  const onTapEdge = useCallback((from: string, to: string) => {
    setFocus(from);
    setSelection({ from, to });
  }, []);
  const onTapBackground = useCallback(() => {
    setFocus(undefined);
    setSelection({});
    setGroup([]);
  }, []);
  // A node of a picked group of several opens the group's menu; the empty canvas, the network's.
  const onContext = useCallback(
    (target: ContextTarget, x: number, y: number) => {
      if (!canAct) return;
      if (target.kind === 'node' && group.length > 1 && group.includes(target.id)) setMenu({ target: { kind: 'group', ids: group }, x, y });
      else setMenu({ target: target.kind === 'background' ? { kind: 'network' } : target, x, y });
    },
    [canAct, group],
  );
  const onLinkFault = useCallback((target: { from: string; to?: string }) => {
    setTab('faults');
    setFocus(target.from);
    setSelection(target.to ? { from: target.from, to: target.to } : { from: target.from });
    // The form is keyed by its target and remounts: focus its first field once it has.
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input[aria-label="Latency (ms)"]')?.focus());
  }, []);

  const selectNode = useCallback(
    (id: string) => {
      onTapNode(id);
      graph.current?.find(id);
    },
    [onTapNode],
  );
  useShortcuts({
    focus,
    selection,
    group,
    paused: (id) => view?.faults.paused.includes(id) ?? false,
    whyNot: whyNotIn(view),
    canAct,
    notify: push,
    openPalette: () => canAct && setPaletteOpen(true),
    openHelp: () => setHelpOpen(true),
    fit: () => graph.current?.fit(),
    focusGraph: () => graph.current?.focus(),
    focusFind: () => document.querySelector<HTMLInputElement>('input[aria-label="Find node"]')?.focus(),
    clearSelection: onTapBackground,
    onGossipStarted: setGossipId,
  });

  return (
    <div className="flex h-screen flex-col gap-2 p-3" {...testHookMark(testHook)}>
      <header className="flex shrink-0 flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
          <h1 className="shrink-0 text-xl font-semibold tracking-tight">
            peerscope <span className="text-sm font-normal text-slate-400">live network</span>
          </h1>
          {view && <LabStatus view={view} />}
          <div className="flex shrink-0 items-center gap-4">
            <KeyboardButtons canAct={canAct} onPalette={() => setPaletteOpen(true)} onHelp={() => setHelpOpen(true)} />
            <AccessBadge access={access} />
            {view && <BootstrapBadge presence={view.bootstrap} />}
            {view?.runtime && <span className="rounded bg-slate-800 px-2 py-0.5 text-xs text-slate-300">runtime: {view.runtime}</span>}
            <span
              role="status"
              aria-label="Connection"
              data-state={connection}
              className={`rounded px-2 py-0.5 text-xs ${connection === 'live' ? 'bg-emerald-900 text-emerald-200' : 'bg-amber-900 text-amber-200'}`}
            >
              {client.source === 'trace' ? 'Trace' : connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
            </span>
          </div>
        </div>
        {view && <CountersBar alive={alive} counters={view.counters} client={client} />}
      </header>

      <TraceControls client={client} replay={replay} />
      <div className="flex min-h-0 flex-1 gap-3">
        {/* First in the page's order (so Tab reaches the graph early), drawn between the columns. */}
        <main aria-label="Network" className="order-2 flex min-w-0 flex-1 flex-col gap-3">
          <div className="relative min-h-0 flex-1">
            <div className="absolute inset-0 rounded-lg border border-slate-800 bg-slate-950">
              <Suspense>
                <NetworkGraph
                  client={client}
                  selection={selection}
                  group={group}
                  onTapNode={onTapNode}
                  onToggleGroup={onToggleGroup}
                  onBoxSelect={onBoxSelect}
                  onTapEdge={onTapEdge}
                  onTapBackground={onTapBackground}
                  onContext={onContext}
                  controlsRef={graph}
                  focus={messageFocus}
                />
              </Suspense>
            </div>
            <div className="pointer-events-none absolute bottom-2 left-2 rounded bg-slate-950/80 p-2">
              <Legend />
            </div>
            {!diagramOpen && (
              <div className="absolute right-2 bottom-2">
                <SpaceTimeToggle onOpen={() => setDiagramOpen(true)} />
              </div>
            )}
          </div>
        </main>
        {diagramOpen && (
          <SpaceTimePanel
            className="order-2"
            client={client}
            focus={messageFocus}
            selected={selectedNodes(selection, group)}
            onTapNode={onTapNode}
            onClose={() => setDiagramOpen(false)}
          />
        )}
        <aside aria-label="Controls" className="order-1 flex w-72 shrink-0 flex-col">
          {showingTrace ? (
            <TraceModeNotice replay={replay} />
          ) : canAct ? (
            <ControlTabs
              tab={tab}
              onTab={setTab}
              panels={{
                network: (
                  <>
                    <ActionsPanel
                      nodes={nodes}
                      selection={selection}
                      focus={focus}
                      paused={focus !== undefined && (view?.faults.paused.includes(focus) ?? false)}
                      onSelect={setSelection}
                      onGossipStarted={setGossipId}
                      notify={push}
                    />
                    {view && <TrafficControls nodes={nodes.length} traffic={view.traffic} notify={push} />}
                  </>
                ),
                faults: (
                  <>
                    {view && (
                      <LabPanel
                        view={view}
                        selection={selection}
                        focus={focus}
                        group={group}
                        onAddToGroup={onToggleGroup}
                        onClearGroup={() => setGroup([])}
                        notify={push}
                      />
                    )}
                    <BootstrapCrashControl up={view?.bootstrap?.up ?? false} notify={push} />
                  </>
                ),
              }}
            />
          ) : (
            <ViewerNotice access={access} />
          )}
        </aside>
        <aside aria-label="Details" className="order-3 flex min-h-0 w-64 shrink-0 flex-col gap-3 overflow-y-auto xl:w-80">
          {/* Its three steps act on a live network: not while a trace is shown (canAct is false then). */}
          <FirstMinuteGuide canAct={canAct} />
          <NodeDetails node={focused} view={view} peers={focused ? nodes.filter((n) => n.id !== focused.id && n.status !== 'dead').length : 0} />
          <GossipPanel gossip={gossip} waitingFor={gossipId} />
          <MessageLog messages={view ? [...view.messages.values()] : []} nodeIds={nodes.map((n) => n.id)} onShowGossip={setGossipId} focus={messageFocus} />
          <div className="flex h-32 shrink-0 flex-col">
            <ActivityLog entries={view?.activity ?? []} />
          </div>
        </aside>
      </div>
      {menuSeen && (
        <ContextMenu
          request={menu}
          view={view}
          group={group}
          onClose={() => setMenu(undefined)}
          notify={push}
          onGossipStarted={setGossipId}
          onLinkFault={onLinkFault}
          onToggleGroup={onToggleGroup}
          onClearGroup={() => setGroup([])}
          onFit={() => graph.current?.fit()}
        />
      )}
      {canAct && paletteSeen && (
        <CommandPalette
          open={paletteOpen}
          onOpenChange={setPaletteOpen}
          nodes={{ ids: nodes.map((n) => n.id), can: canUseIn(view) }}
          takeTyped={takeTyped}
          notify={push}
          selectNode={selectNode}
          onGossipStarted={setGossipId}
          onLinkFault={onLinkFault}
          fit={() => graph.current?.fit()}
          showShortcuts={() => setHelpOpen(true)}
        />
      )}
      {helpSeen && <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} canAct={canAct} />}
      <Toasts toasts={toasts} />
    </div>
  );
}

/** The nodes selected on the graph, for the space-time diagram's lifelines: the send selection, then the group. */
const selectedNodes = ({ from, to }: Selection, group: string[]) => [...new Set([from, to, ...group].filter((id): id is string => id !== undefined))];
