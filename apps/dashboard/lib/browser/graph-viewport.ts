import type { Core, NodeSingular } from 'cytoscape';

/** A fit never zooms a small network up to giant circles. */
const MAX_FIT_ZOOM = 1.4;
/** A node found by id is shown at least this close, so its label is readable. */
const FOUND_ZOOM = 1;

/** Fits the graph in view, but never zooms a small network up to giant circles. */
export function fitGently(cy: Core): void {
  cy.fit(undefined, 60);
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }
}

/** Centres the view on a node, zoomed in enough to read it; false when the graph has no such node. */
export function centreOn(cy: Core, id: string): boolean {
  const node = cy.getElementById(id);
  if (node.empty()) return false;
  const zoom = Math.max(cy.zoom(), FOUND_ZOOM);
  // The node's own centre, not its box's (`cy.center` would count the label under it).
  const { x, y } = (node as NodeSingular).position();
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - x * zoom, y: cy.height() / 2 - y * zoom } });
  return true;
}
