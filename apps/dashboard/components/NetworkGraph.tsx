'use client';

import type { Core, EdgeSingular } from 'cytoscape';
import { useEffect, useRef } from 'react';
import CytoscapeComponent from 'react-cytoscapejs';
import type { Delta, TelemetryEvent } from '@peerscope/protocol';
import { graphStylesheet, positionOf } from '../lib/graph-style';
import type { NetworkClient } from '../lib/network-client';
import { linkId, type NetworkView } from '../lib/network-view';
import { installTestHook } from '../lib/test-hook';

/** Message animations running at once before new ones are folded into edge heat instead. */
const MAX_ANIMATIONS = 40;
const ANIMATION_MS = 1_500;
const HEAT_DECAY_MS = 500;
const MAX_FIT_ZOOM = 1.4;

export interface Selection {
  from?: string;
  to?: string;
}

interface Props {
  client: NetworkClient;
  selection: Selection;
  onTapNode: (id: string) => void;
  onTapBackground: () => void;
}

/**
 * The live graph. Cytoscape is driven directly, not through React state: each batch of deltas
 * is applied inside one `cy.batch()`, so hundreds of events cost one redraw.
 */
export default function NetworkGraph({ client, selection, onTapNode, onTapBackground }: Props) {
  const cyRef = useRef<Core | null>(null);
  const animating = useRef(0);
  const handlers = useRef({ onTapNode, onTapBackground });
  handlers.current = { onTapNode, onTapBackground };

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const hook = installTestHook(cy, client);
    cy.on('tap', 'node', (e) => handlers.current.onTapNode(e.target.id()));
    cy.on('tap', (e) => e.target === cy && handlers.current.onTapBackground());

    const animate = (event: Extract<TelemetryEvent, { type: 'message:delivered' | 'message:failed' }>) => {
      if (cy.getElementById(event.from).empty() || cy.getElementById(event.to).empty()) return;
      if (animating.current >= MAX_ANIMATIONS) {
        // Too fast to show one by one: the link's heat carries the traffic instead.
        const link = cy.getElementById(linkId(event.from, event.to));
        if (link.nonempty()) link.data('heat', (link.data('heat') as number) + 1);
        return;
      }
      animating.current += 1;
      hook.animationStarted(event.id);
      const edge: EdgeSingular = cy.add({
        group: 'edges',
        data: { id: `m:${event.id}:${Math.random().toString(36).slice(2, 6)}`, source: event.from, target: event.to, messageId: event.id },
        classes: event.type === 'message:delivered' ? 'message delivered' : 'message failed',
      });
      styleAnimation(edge, { width: 8 }, 250)
        .then(() => styleAnimation(edge, { width: 1, opacity: 0 }, ANIMATION_MS - 250))
        .then(() => {
          animating.current -= 1;
          edge.remove();
        });
    };

    const draw = (view: NetworkView) => {
      cy.batch(() => {
        cy.elements().remove();
        for (const node of view.nodes.values()) addNode(cy, node.id, node.status, node.kind);
        for (const link of view.links.values()) ensureLink(cy, link.from, link.to);
      });
      fitGently(cy);
    };

    const apply = (deltas: Delta[]) => {
      let joined = false;
      // Animations start after the batch: inside it, new edges have no style yet to start from.
      const outcomes: Array<Extract<TelemetryEvent, { type: 'message:delivered' | 'message:failed' }>> = [];
      cy.batch(() => {
        for (const { event } of deltas) {
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
              ensureLink(cy, event.from, event.to);
              break;
            case 'message:delivered':
            case 'message:failed':
              ensureLink(cy, event.from, event.to);
              outcomes.push(event);
              break;
            default:
              break;
          }
        }
      });
      for (const outcome of outcomes) animate(outcome);
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
      cy.removeAllListeners();
    };
  }, [client]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.nodes().removeClass('from to');
      if (selection.from) cy.getElementById(selection.from).addClass('from');
      if (selection.to) cy.getElementById(selection.to).addClass('to');
    });
  }, [selection]);

  return (
    <CytoscapeComponent
      elements={EMPTY}
      stylesheet={graphStylesheet}
      layout={PRESET}
      cy={(cy) => {
        cyRef.current = cy;
      }}
      minZoom={0.2}
      maxZoom={3}
      boxSelectionEnabled={false}
      className="h-full w-full"
    />
  );
}

// Constant props: react-cytoscapejs re-applies whatever changes, and the graph is driven directly.
const EMPTY: never[] = [];
const PRESET = { name: 'preset' };

/** Fits the graph in view, but never zooms a small network up to giant circles. */
function fitGently(cy: Core): void {
  cy.fit(undefined, 60);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/** Plays a style animation; Cytoscape's published types demand a position even when only style moves. */
function styleAnimation(edge: EdgeSingular, style: Record<string, number>, duration: number): Promise<unknown> {
  const options = { style, duration } as unknown as Parameters<EdgeSingular['animation']>[0];
  return edge.animation(options).play().promise('complete');
}

function addNode(cy: Core, id: string, status: string, kind: string): void {
  cy.add({ group: 'nodes', data: { id, status, kind }, position: positionOf(id) });
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

function ensureLink(cy: Core, from: string, to: string): void {
  const id = linkId(from, to);
  if (cy.getElementById(id).nonempty()) return;
  if (cy.getElementById(from).empty() || cy.getElementById(to).empty()) return;
  cy.add({ group: 'edges', data: { id, source: from, target: to, heat: 0 }, classes: 'link' });
}
