import type { Core, EventObject, SingularElementArgument } from 'cytoscape';

/** What a context menu was asked for: a node, an edge (by its ends), or the empty canvas. */
export type ContextTarget = { kind: 'node'; id: string } | { kind: 'edge'; from: string; to: string } | { kind: 'background' };

export interface GraphHandlers {
  onTapNode: (id: string) => void;
  /** Shift-click: the node joins the group, or leaves it. */
  onToggleGroup: (id: string) => void;
  /** Shift-drag: the nodes inside the box join the group. */
  onBoxSelect: (ids: string[]) => void;
  onTapEdge: (from: string, to: string) => void;
  onTapBackground: () => void;
  /** Right-click or long-press; `x`, `y` in the page's client coordinates. */
  onContext: (target: ContextTarget, x: number, y: number) => void;
}

/** Wires taps and box selection to the current handlers (read at each event, so they may change). */
export function bindGraphInput(cy: Core, handlers: () => GraphHandlers): void {
  const shift = (e: EventObject) => (e.originalEvent as MouseEvent | undefined)?.shiftKey === true;
  cy.on('tap', 'node', (e) => (shift(e) ? handlers().onToggleGroup(e.target.id()) : handlers().onTapNode(e.target.id())));
  cy.on('tap', 'edge', (e) => handlers().onTapEdge(e.target.data('source') as string, e.target.data('target') as string));
  cy.on('tap', (e) => e.target === cy && !shift(e) && handlers().onTapBackground());
  // Right-click (`cxttap`) and long-press (`taphold`, for touch) open the context menu where they happened.
  const context = (e: EventObject) => {
    const box = cy.container()!.getBoundingClientRect();
    const at = { x: box.left + e.renderedPosition.x, y: box.top + e.renderedPosition.y };
    const target = contextTarget(cy, e.target as Core | SingularElementArgument);
    handlers().onContext(target, at.x, at.y);
  };
  cy.on('cxttap', context);
  cy.on('taphold', context);
  // Box selection emits `box` on each node inside, one by one: gather them, then report once.
  const boxed: string[] = [];
  cy.on('box', 'node', (e) => {
    if (boxed.length === 0) queueMicrotask(() => handlers().onBoxSelect(boxed.splice(0)));
    boxed.push(e.target.id());
  });
}

function contextTarget(cy: Core, element: Core | SingularElementArgument): ContextTarget {
  if (element === cy) return { kind: 'background' };
  const picked = element as SingularElementArgument;
  return picked.isNode() ? { kind: 'node', id: picked.id() } : { kind: 'edge', from: picked.data('source') as string, to: picked.data('target') as string };
}
