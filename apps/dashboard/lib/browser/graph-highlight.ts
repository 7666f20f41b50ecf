import type { Core, EventObject } from 'cytoscape';
import { linkId } from '@peerscope/network-view';
import { setClass } from './graph-classes';
import type { FocusedMessage, MessageFocus } from './message-focus';

/**
 * Lights up on the graph the message pointed at elsewhere (the diagram, the log): its animation
 * edge while it plays, its link, and both its nodes. And the reverse: hovering a message's
 * animation edge, or a link, points at that message (or that link's messages). Returns the unbinding.
 */
export function bindGraphHighlight(cy: Core, focus: MessageFocus): () => void {
  let lit: string[] = [];
  const paint = () => {
    if (cy.destroyed()) return;
    const focused = focus.current;
    cy.batch(() => {
      for (const id of lit) {
        const element = cy.getElementById(id);
        setClass(element, 'highlight', false);
        setClass(element, 'highlight-end', false);
      }
      lit = focused ? light(cy, focused) : [];
    });
  };
  const unsubscribe = focus.subscribe(paint);

  const hoverEdge = (e: EventObject) => {
    const edge = e.target;
    const [from, to] = [edge.data('source') as string, edge.data('target') as string];
    const messageId = edge.data('messageId') as string | undefined;
    if (messageId) focus.set({ id: messageId, from, to, by: 'graph' });
    else focus.set({ from, to, by: 'graph' });
  };
  const leave = () => focus.release('graph');
  cy.on('mouseover', 'edge.message, edge.link', hoverEdge);
  cy.on('mouseout', 'edge.message, edge.link', leave);
  return () => {
    unsubscribe();
    if (!cy.destroyed()) {
      cy.off('mouseover', 'edge.message, edge.link', hoverEdge);
      cy.off('mouseout', 'edge.message, edge.link', leave);
    }
  };
}

/** Adds the highlight classes; returns the ids of what it lit. */
function light(cy: Core, { id, from, to }: FocusedMessage): string[] {
  const lit: string[] = [];
  const add = (elementId: string, cls: string) => {
    const element = cy.getElementById(elementId);
    if (element.empty()) return;
    setClass(element, cls, true);
    lit.push(elementId);
  };
  add(linkId(from, to), 'highlight');
  add(from, 'highlight-end');
  add(to, 'highlight-end');
  if (id !== undefined) cy.edges('.message').forEach((edge) => (edge.data('messageId') === id ? add(edge.id(), 'highlight') : undefined));
  return lit;
}
