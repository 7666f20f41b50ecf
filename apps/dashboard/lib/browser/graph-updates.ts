import type { Core, ElementDefinition } from 'cytoscape';
import type { Delta } from '@peerscope/protocol';
import { decorate } from './graph-decorations';
import { positionOf } from './graph-style';
import type { LinkLayer } from './link-layer';
import type { Outcome } from './message-animator';
import { isCut, isUnverifiedLink, linkId, type NetworkView } from '@peerscope/network-view';

/** Events after which the lab's marks (pauses, partition, overlay, link faults) are drawn again. */
const DECORATING = new Set(['node:registered', 'node:started', 'node:deregistered', 'faults:changed', 'overlay:changed']);

/** How long a link counts as in use when the picture is drawn afresh (from its last message's time). */
const RECENT_LINK_MS = 10_000;

export interface AppliedDeltas {
  /** Nodes were added: the selection marks and the view's fit need doing again. */
  joined: boolean;
}

/** The message outcomes among `deltas`, in arrival order: what is animated. */
export function outcomesOf(deltas: readonly Delta[]): Outcome[] {
  const outcomes: Outcome[] = [];
  for (const { event } of deltas) if (event.type === 'message:delivered' || event.type === 'message:failed') outcomes.push(event);
  return outcomes;
}

/** Draws the whole picture afresh (a snapshot): every node, the links used lately, the lab's marks. */
export function drawPicture(cy: Core, view: NetworkView, links: LinkLayer): void {
  links.clear();
  cy.batch(() => {
    cy.elements().remove();
    // One add for every node: a thousand single adds each build a collection and emit an event.
    cy.add([...view.nodes.values()].map((node) => nodeDefinition(node.id, node.status, node.kind)));
    const recent = Date.now() - RECENT_LINK_MS;
    for (const link of view.links.values()) if (link.lastAt >= recent) links.restore(link.from, link.to, linkFacts(view, link.from, link.to));
    links.flush();
    decorate(cy, view);
  });
}

/** Applies one frame's deltas to the graph inside one `cy.batch()`. */
export function applyDeltas(cy: Core, view: NetworkView, deltas: Delta[], links: LinkLayer): AppliedDeltas {
  let joined = false;
  let redecorate = false;
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
        // A link is drawn (and warmed) by a message's outcome; a claimed sender reports none, so
        // its receipt stands in. Sends and other receipts change nothing drawn.
        case 'message:received':
          if (event.unverified) links.touch(event.from, event.to, linkFacts(view, event.from, event.to), 1);
          break;
        case 'message:delivered':
        case 'message:failed':
          links.touch(event.from, event.to, linkFacts(view, event.from, event.to), 1, event.type === 'message:failed');
          break;
        case 'messages:summarised':
          // Counted traffic shows as heat, as animations too many to show one by one do.
          links.touch(event.from, event.to, linkFacts(view, event.from, event.to), Math.max(event.sent, event.received), event.failed > 0);
          break;
        default:
          break;
      }
    }
    links.flush();
    if (redecorate) decorate(cy, view);
  });
  return { joined };
}

function linkFacts(view: NetworkView, from: string, to: string) {
  const link = view.links.get(linkId(from, to));
  return { unverified: link !== undefined && isUnverifiedLink(link), cut: isCut(view.faults, from, to) };
}

function nodeDefinition(id: string, status: string, kind: string): ElementDefinition {
  return { group: 'nodes', data: { id, status, kind, label: id }, position: positionOf(id) };
}

function addNode(cy: Core, id: string, status: string, kind: string): void {
  cy.add(nodeDefinition(id, status, kind));
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
