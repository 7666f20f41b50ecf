'use client';

import type { Core, EventObject } from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { Delta } from '@peerscope/protocol';
import { decorate, markSelection } from '../lib/graph-decorations';
import { graphStylesheet, positionOf } from '../lib/graph-style';
import { createGraph, pickRenderer } from '../lib/graph-renderer';
import { MessageAnimator, type Outcome } from '../lib/message-animator';
import type { NetworkClient } from '../lib/network-client';
import { isUnverifiedLink, linkId, type NetworkView } from '../lib/network-view';
import { installTestHook } from '../lib/test-hook';

const HEAT_DECAY_MS = 500;
const MAX_FIT_ZOOM = 1.4;

export interface Selection {
  from?: string;
  to?: string;
}

export interface GraphHandlers {
  onTapNode: (id: string) => void;
  /** Shift-click: the node joins the group, or leaves it. */
  onToggleGroup: (id: string) => void;
  /** Shift-drag: the nodes inside the box join the group. */
  onBoxSelect: (ids: string[]) => void;
  onTapEdge: (from: string, to: string) => void;
  onTapBackground: () => void;
}

interface Props extends GraphHandlers {
  client: NetworkClient;
  selection: Selection;
  group: string[];
}

/** Events after which the lab's marks (pauses, partition, overlay, link faults) are drawn again. */
const DECORATING = new Set(['node:registered', 'node:started', 'node:deregistered', 'faults:changed', 'overlay:changed']);

/**
 * The live graph. Cytoscape is driven directly, not through React state: each batch of deltas
 * is applied inside one `cy.batch()`, so hundreds of events cost one redraw.
 */
export default function NetworkGraph({ client, selection, group, ...handlers }: Props) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const cyRef = useRef<Core | null>(null);
  const [renderer] = useState(pickRenderer);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const groupRef = useRef(group);
  groupRef.current = group;
  const selectionRef = useRef(selection);
  selectionRef.current = selection;

  useEffect(() => {
    const cy = createGraph(containerRef.current!, renderer, graphStylesheet);
    cyRef.current = cy;
    const hook = installTestHook(cy, client, () => groupRef.current);
    const animator = new MessageAnimator(cy, hook.animationStarted, (id) => client.view?.messages.get(id)?.duplicate === true);
    const shift = (e: EventObject) => (e.originalEvent as MouseEvent | undefined)?.shiftKey === true;

    cy.on('tap', 'node', (e) => (shift(e) ? handlersRef.current.onToggleGroup(e.target.id()) : handlersRef.current.onTapNode(e.target.id())));
    cy.on('tap', 'edge', (e) => handlersRef.current.onTapEdge(e.target.data('source') as string, e.target.data('target') as string));
    cy.on('tap', (e) => e.target === cy && !shift(e) && handlersRef.current.onTapBackground());
    // Box selection emits `box` on each node inside, one by one: gather them, then report once.
    const boxed: string[] = [];
    cy.on('box', 'node', (e) => {
      if (boxed.length === 0) queueMicrotask(() => handlersRef.current.onBoxSelect(boxed.splice(0)));
      boxed.push(e.target.id());
    });

    const draw = (view: NetworkView) => {
      cy.batch(() => {
        cy.elements().remove();
        for (const node of view.nodes.values()) addNode(cy, node.id, node.status, node.kind);
        for (const link of view.links.values()) ensureLink(cy, view, link.from, link.to);
        decorate(cy, view);
      });
      markSelection(cy, selectionRef.current, groupRef.current);
      fitGently(cy);
    };

    const apply = (deltas: Delta[]) => {
      let joined = false;
      let redecorate = false;
      // Animations start after the batch: inside it, new edges have no style yet to start from.
      const outcomes: Outcome[] = [];
      const view = client.view;
      if (!view) return;
      cy.batch(() => {
        for (const { event } of deltas) {
          if (DECORATING.has(event.type)) redecorate = true;
          switch (event.type) {
            case 'node:registered':
              joined = upsertNode(cy, event.node.id, event.node.status, event.node.kind) || joined;
              break;
            case 'node:started':
              joined = upsertNode(cy, event.nodeId, 'alive', 'peerscope', false) || joined;
              break;
            case 'node:status-changed':
              cy.getElementById(event.nodeId).data('status', event.status);
              break;
            case 'node:deregistered':
              cy.getElementById(event.nodeId).remove();
              break;
            case 'message:sent':
            case 'message:received':
              redecorate = ensureLink(cy, view, event.from, event.to) || redecorate;
              break;
            case 'message:delivered':
            case 'message:failed':
              redecorate = ensureLink(cy, view, event.from, event.to) || redecorate;
              outcomes.push(event);
              break;
            case 'messages:summarised':
              // Counted traffic shows as heat, as animations too many to show one by one do.
              redecorate = ensureLink(cy, view, event.from, event.to) || redecorate;
              warm(cy, event.from, event.to, Math.max(event.sent, event.received));
              break;
            default:
              break;
          }
        }
        pruneLinks(cy, view);
        if (redecorate) decorate(cy, view);
      });
      if (joined) markSelection(cy, selectionRef.current, groupRef.current);
      for (const outcome of outcomes) animator.play(outcome);
      if (joined) fitGently(cy);
    };

    const unsubscribe = client.onUpdate((update) => {
      if (update.kind === 'snapshot') draw(client.view!);
      else apply(update.deltas);
    });
    if (client.view) draw(client.view);

    const decay = setInterval(() => {
      cy.batch(() => {
        cy.edges('.link[heat > 0]').forEach((link) => {
          const heat = (link.data('heat') as number) * 0.7;
          link.data('heat', heat < 0.2 ? 0 : heat);
        });
      });
    }, HEAT_DECAY_MS);

    return () => {
      unsubscribe();
      clearInterval(decay);
      hook.uninstall();
      cy.destroy();
      cyRef.current = null;
    };
  }, [client, renderer]);

  useEffect(() => {
    if (cyRef.current) markSelection(cyRef.current, selection, group);
  }, [selection, group]);

  return <div ref={containerRef} data-renderer={renderer} className="h-full w-full" />;
}

/** Fits the graph in view, but never zooms a small network up to giant circles. */
function fitGently(cy: Core): void {
  cy.fit(undefined, 60);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

function addNode(cy: Core, id: string, status: string, kind: string): void {
  cy.add({ group: 'nodes', data: { id, status, kind, label: id }, position: positionOf(id) });
}

/** Adds or updates a node; true when it is new. */
function upsertNode(cy: Core, id: string, status: string, kind: string, overwrite = true): boolean {
  const node = cy.getElementById(id);
  if (node.nonempty()) {
    if (overwrite) node.data({ status, kind });
    return false;
  }
  addNode(cy, id, status, kind);
  return true;
}

/** Heat past this draws no wider; a cap keeps a burst of counted traffic from glowing for minutes. */
const MAX_HEAT = 20;

function warm(cy: Core, from: string, to: string, messages: number): void {
  const link = cy.getElementById(linkId(from, to));
  if (link.nonempty()) link.data('heat', Math.min(MAX_HEAT, (link.data('heat') as number) + messages));
}

/**
 * Draws the link a message used when the picture has it (both ends are nodes), dashed while all it
 * carried are unverified claims; true when it is new (it may need marking as cut).
 */
function ensureLink(cy: Core, view: NetworkView, from: string, to: string): boolean {
  const id = linkId(from, to);
  const link = view.links.get(id);
  if (!link) return false;
  const edge = cy.getElementById(id);
  if (edge.nonempty()) {
    edge.toggleClass('unverified', isUnverifiedLink(link));
    return false;
  }
  if (cy.getElementById(from).empty() || cy.getElementById(to).empty()) return false;
  cy.add({ group: 'edges', data: { id, source: from, target: to, heat: 0, label: '' }, classes: isUnverifiedLink(link) ? 'link unverified' : 'link' });
  return true;
}

/** Removes the drawn links the picture no longer keeps (it holds the most recently used). */
function pruneLinks(cy: Core, view: NetworkView): void {
  const drawn = cy.edges('.link');
  if (drawn.length <= view.links.size) return;
  drawn.forEach((edge) => {
    if (!view.links.has(edge.id())) edge.remove();
  });
}
