import type { Core } from 'cytoscape';
import type { LinkFaultRule } from '@peerscope/protocol';
import { isCut, linkFaultLabel } from '@peerscope/network-view';
import { setClass } from './graph-classes';
import { PAUSED_MARK } from './graph-style';
import type { NetworkView } from '@peerscope/network-view';

export const overlayEdgeId = (from: string, to: string) => `o:${from}->${to}`;
export const faultEdgeId = (from: string, to: string) => `f:${from}->${to}`;

/** A node's label: its id, whether it is paused, and the fault on all its outgoing links. */
export function nodeLabel(id: string, paused: boolean, rule: LinkFaultRule | undefined): string {
  const name = paused ? `${id} ${PAUSED_MARK}` : id;
  return rule ? `${name}\n${linkFaultLabel(rule)}` : name;
}

/**
 * Draws the lab's state on the graph: paused nodes, the partition (its group haloed, the links
 * it cuts dashed), the overlay's neighbour edges (when it is not a full mesh) and link faults
 * (labelled edges; a fault on all of a node's links is written under the node).
 */
export function decorate(cy: Core, view: NetworkView): void {
  const { faults, overlay } = view;
  const paused = new Set(faults.paused);
  const group = new Set(faults.partition?.group ?? []);
  const nodeRules = new Map(faults.links.filter((r) => !r.to).map((r) => [r.from, r]));
  cy.nodes().forEach((node) => {
    const id = node.id();
    const rule = nodeRules.get(id);
    setClass(node, 'paused', paused.has(id));
    setClass(node, 'cut', group.has(id));
    setClass(node, 'faulty', rule !== undefined);
    const label = nodeLabel(id, paused.has(id), rule);
    if (node.data('label') !== label) node.data('label', label);
  });

  const wanted = new Map<string, { source: string; target: string; label?: string; classes: string }>();
  if (overlay.kind !== 'full') {
    for (const [from, neighbours] of Object.entries(overlay.neighbours)) {
      for (const to of neighbours) wanted.set(overlayEdgeId(from, to), { source: from, target: to, classes: 'overlay' });
    }
  }
  for (const rule of faults.links) {
    if (rule.to) wanted.set(faultEdgeId(rule.from, rule.to), { source: rule.from, target: rule.to, label: linkFaultLabel(rule), classes: 'fault' });
  }
  cy.edges('.overlay, .fault').forEach((edge) => {
    if (!wanted.has(edge.id())) edge.remove();
  });
  for (const [id, edge] of wanted) {
    const existing = cy.getElementById(id);
    if (existing.nonempty()) {
      if (edge.label !== undefined && existing.data('label') !== edge.label) existing.data('label', edge.label);
    } else if (cy.getElementById(edge.source).nonempty() && cy.getElementById(edge.target).nonempty()) {
      cy.add({ group: 'edges', data: { id, source: edge.source, target: edge.target, label: edge.label ?? '' }, classes: edge.classes });
    }
  }
  cy.edges('.link, .overlay, .fault').forEach((edge) => {
    setClass(edge, 'cut', isCut(faults, edge.data('source') as string, edge.data('target') as string));
  });
}

/** Marks the nodes picked as a group, and the sender and receiver of the next Send. */
export function markSelection(cy: Core, selection: { from?: string; to?: string }, group: string[]): void {
  cy.batch(() => {
    // Only the nodes whose marks change are restyled: at 1,000 nodes, restyling all is a slow frame.
    const picked = new Set(group);
    cy.nodes('.from').forEach((node) => setClass(node, 'from', node.id() === selection.from));
    cy.nodes('.to').forEach((node) => setClass(node, 'to', node.id() === selection.to));
    cy.nodes('.grouped').forEach((node) => setClass(node, 'grouped', picked.has(node.id())));
    if (selection.from) setClass(cy.getElementById(selection.from), 'from', true);
    if (selection.to) setClass(cy.getElementById(selection.to), 'to', true);
    for (const id of picked) setClass(cy.getElementById(id), 'grouped', true);
  });
}
