'use client';

import type { Core } from 'cytoscape';
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { markSelection } from '../lib/browser/graph-decorations';
import { followDetail } from '../lib/browser/graph-detail';
import { bindGraphInput, type GraphHandlers } from '../lib/browser/graph-input';
import { bindGraphHighlight } from '../lib/browser/graph-highlight';
import type { MessageFocus } from '../lib/browser/message-focus';
import { GraphKeyboard } from '../lib/browser/graph-keyboard';
import { createGraph, pickRenderer } from '../lib/browser/graph-renderer';
import { graphStylesheet } from '../lib/browser/graph-style';
import { applyDeltas, drawPicture, outcomesOf } from '../lib/browser/graph-updates';
import { centreOn, fitGently, refitIfUntouched } from '../lib/browser/graph-viewport';
import { FrameBatcher, type FrameWork } from '../lib/browser/frame-batcher';
import { LinkLayer } from '../lib/browser/link-layer';
import { HeatLayer } from '../lib/browser/heat-layer';
import { MessageAnimator } from '../lib/browser/message-animator';
import { MessageCanvas } from '../lib/browser/message-canvas';
import { drawMessagesApart } from '../lib/browser/message-layer';
import { PacedDeltas } from '../lib/browser/paced-deltas';
import type { NetworkClient } from '../lib/browser/network-client';
import { installTestHook } from '../lib/browser/test-hook';
import { markLoad } from '../lib/browser/load-marks';
import { GraphToolbar, type GraphSummary } from './GraphToolbar';

export type { ContextTarget, GraphHandlers } from '../lib/browser/graph-input';

/**
 * How often heat cools and idle links fade or leave, and traffic's effect on the links is written
 * (see paced-deltas.ts), in one redraw of the links (message-layer.ts) and of the nodes' heat (heat-layer.ts).
 */
const SWEEP_MS = 500;

export interface Selection {
  from?: string;
  to?: string;
}

/** What the page can ask of the graph itself (the menu's Fit, the palette, shortcuts). */
export interface GraphControls {
  fit(): void;
  /** Centres on a node; false when there is no such node. */
  find(id: string): boolean;
  /** Moves keyboard focus to the graph. */
  focus(): void;
}

interface Props extends GraphHandlers {
  client: NetworkClient;
  selection: Selection;
  group: string[];
  /** The message pointed at in the diagram or the log (lit up here), and pointed at here. */
  focus?: MessageFocus;
  controlsRef?: RefObject<GraphControls | null>;
}

/**
 * The live graph. Cytoscape is driven directly, not through React state: the hub's batches are
 * gathered once per animation frame; messages start their animation that frame, drawn on a
 * canvas of their own (message-canvas.ts), and the rest is applied inside one `cy.batch()`, what
 * traffic does to the links with the sweep every SWEEP_MS (paced-deltas.ts), in a layer of their
 * own (message-layer.ts). So a frame in which only messages move redraws only them, not the
 * 1,000 nodes or the links under them.
 */
export default function NetworkGraph({ client, selection, group, focus, controlsRef, ...handlers }: Props) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const cyRef = useRef<Core | null>(null);
  const [summary, setSummary] = useState<GraphSummary>();
  const keyboardRef = useRef<GraphKeyboard | null>(null);
  const [cursorText, setCursorText] = useState('');
  // The graph's listeners read the latest props through these, set after each render.
  const handlersRef = useRef(handlers);
  const groupRef = useRef(group);
  const selectionRef = useRef(selection);
  useEffect(() => {
    handlersRef.current = handlers;
    groupRef.current = group;
    selectionRef.current = selection;
  });

  useEffect(() => {
    markLoad('graph-mounted');
    // Picked here, in the browser: the component is also rendered on the server (for its chunk's preload, see Dashboard).
    const renderer = pickRenderer();
    containerRef.current!.dataset.renderer = renderer;
    const cy = createGraph(containerRef.current!, renderer, graphStylesheet);
    cyRef.current = cy;
    const stopMessageLayer = drawMessagesApart(cy);
    const keyboard = new GraphKeyboard(cy, () => handlersRef.current, setCursorText);
    keyboardRef.current = keyboard;
    const hook = installTestHook(
      cy,
      client,
      () => groupRef.current,
      () => keyboard.cursor,
    );
    const messages = new MessageCanvas(cy, containerRef.current!, hook.messagesDrawn);
    const animator = new MessageAnimator(
      cy,
      hook.animationShown,
      (id) => client.view?.messages.get(id)?.duplicate === true,
      (strokes) => messages.draw(strokes),
    );
    const links = new LinkLayer(cy);
    const heat = new HeatLayer(cy, containerRef.current!);
    bindGraphInput(cy, () => handlersRef.current);
    const stopDetail = followDetail(cy);
    const stopHighlight = focus ? bindGraphHighlight(cy, focus) : () => undefined;

    // Traffic's effect on the links is written with the sweep, the rest at once (paced-deltas.ts).
    const paced = new PacedDeltas((deltas) => {
      const view = client.view;
      if (!view || cy.destroyed()) return;
      const { joined } = applyDeltas(cy, view, deltas, links);
      if (joined) markSelection(cy, selectionRef.current, groupRef.current);
      if (joined) fitGently(cy);
    });
    const onFrame = (work: FrameWork) => {
      const view = client.view;
      if (!view) return;
      if (work.kind === 'redraw') {
        paced.drop();
        drawPicture(cy, view, links);
        heat.show(links.nodeLevels);
        markSelection(cy, selectionRef.current, groupRef.current);
        if (work.fit) fitGently(cy);
        if (view.nodes.size > 0) markLoad('graph-drawn');
        return;
      }
      paced.push(work.deltas);
      // Messages move the frame they arrive, drawn in it; their links' heat follows with the paced write.
      for (const outcome of outcomesOf(work.deltas)) animator.play(outcome);
      animator.drawNow();
    };
    // Cytoscape measures its container once and on window resizes only; the page's layout can
    // change its size later (panels, fonts), and a stale size puts fit and centre off.
    const resized = new ResizeObserver(() => {
      cy.resize();
      refitIfUntouched(cy);
    });
    resized.observe(containerRef.current!);
    const batcher = new FrameBatcher(onFrame);
    const unsubscribe = client.onUpdate((update) => batcher.push(update));
    if (client.view) onFrame({ kind: 'redraw', fit: true });

    const sweep = setInterval(() => {
      paced.flush();
      links.sweep();
      heat.show(links.nodeLevels);
      const view = client.view;
      setSummary({
        nodes: cy.nodes().length,
        drawnLinks: links.size,
        usedLinks: view?.links.size ?? 0,
        animations: animator.active,
        aggregated: animator.aggregated,
      });
    }, SWEEP_MS);

    return () => {
      unsubscribe();
      resized.disconnect();
      batcher.cancel();
      paced.drop();
      clearInterval(sweep);
      stopDetail();
      stopHighlight();
      hook.uninstall();
      heat.stop();
      messages.stop();
      stopMessageLayer();
      cy.destroy();
      cyRef.current = null;
      keyboardRef.current = null;
    };
  }, [client, focus]);

  useEffect(() => {
    if (cyRef.current) markSelection(cyRef.current, selection, group);
  }, [selection, group]);

  const find = (id: string, select: boolean) => {
    const cy = cyRef.current;
    if (!cy || !centreOn(cy, id)) return false;
    if (select) handlersRef.current.onTapNode(id);
    return true;
  };
  const fit = () => cyRef.current && fitGently(cyRef.current);
  const focusRef = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!controlsRef) return;
    controlsRef.current = {
      fit: () => void fit(),
      find: (id) => (cyRef.current ? centreOn(cyRef.current, id) : false),
      focus: () => focusRef.current?.focus(),
    };
  });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget) return;
    if (keyboardRef.current?.onKey(e.key, e.shiftKey, selection.from)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <div className="relative h-full w-full">
      {/* Focusable early in the page: arrow keys move a cursor between nodes (see GraphKeyboard). */}
      <div
        ref={focusRef}
        tabIndex={0}
        role="application"
        aria-label="Network graph: arrow keys pick a node, Enter selects it, Shift+F10 opens its actions"
        title="Arrow keys move between nodes; Enter selects; Shift+Enter adds to the group; Shift+F10 or the menu key opens the node's actions"
        onKeyDown={onKeyDown}
        onContextMenu={(e) => e.preventDefault()}
        className="h-full w-full rounded-lg focus-visible:outline-2 focus-visible:outline-sky-400"
      >
        <div ref={containerRef} role="img" aria-label="Network graph" className="relative h-full w-full" />
      </div>
      <p role="status" aria-label="Graph cursor" className="sr-only">
        {cursorText}
      </p>
      <GraphToolbar summary={summary} onFind={find} onFit={fit} />
    </div>
  );
}
