import type { Core, EventObject } from 'cytoscape';

export interface GraphHandlers {
  onTapNode: (id: string) => void;
  /** Shift-click: the node joins the group, or leaves it. */
  onToggleGroup: (id: string) => void;
  /** Shift-drag: the nodes inside the box join the group. */
  onBoxSelect: (ids: string[]) => void;
  onTapEdge: (from: string, to: string) => void;
  onTapBackground: () => void;
}

/** Wires taps and box selection to the current handlers (read at each event, so they may change). */
export function bindGraphInput(cy: Core, handlers: () => GraphHandlers): void {
  const shift = (e: EventObject) => (e.originalEvent as MouseEvent | undefined)?.shiftKey === true;
  cy.on('tap', 'node', (e) => (shift(e) ? handlers().onToggleGroup(e.target.id()) : handlers().onTapNode(e.target.id())));
  cy.on('tap', 'edge', (e) => handlers().onTapEdge(e.target.data('source') as string, e.target.data('target') as string));
  cy.on('tap', (e) => e.target === cy && !shift(e) && handlers().onTapBackground());
  // Box selection emits `box` on each node inside, one by one: gather them, then report once.
  const boxed: string[] = [];
  cy.on('box', 'node', (e) => {
    if (boxed.length === 0) queueMicrotask(() => handlers().onBoxSelect(boxed.splice(0)));
    boxed.push(e.target.id());
  });
}
