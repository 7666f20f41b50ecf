import type { Core, NodeSingular } from 'cytoscape';

/** A fit never zooms a small network up to giant circles. */
const MAX_FIT_ZOOM = 1.4;
/** A node found by id is shown at least this close, so its label is readable. */
const FOUND_ZOOM = 1;

/** Space kept free round the nodes in a fit, in px on screen. */
const FIT_PADDING = 60;
/** Room round a node's centre a fit leaves, in graph units: the node itself, and its label under it. */
const NODE_ROOM = { side: 24, above: 20, below: 40 };

/**
 * Fits every node in view, but never zooms a small network up to giant circles. The box is taken
 * from the nodes' positions, not from Cytoscape's bounding boxes (`cy.fit`): those need every
 * node's style and label measured first, most of a second at 1,000 nodes when the page loads.
 */
export function fitGently(cy: Core): void {
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  cy.nodes().forEach((node) => {
    const { x, y } = node.position();
    box.x1 = Math.min(box.x1, x - NODE_ROOM.side);
    box.x2 = Math.max(box.x2, x + NODE_ROOM.side);
    box.y1 = Math.min(box.y1, y - NODE_ROOM.above);
    box.y2 = Math.max(box.y2, y + NODE_ROOM.below);
  });
  const [width, height] = [cy.width(), cy.height()];
  if (box.x1 > box.x2 || width <= 2 * FIT_PADDING || height <= 2 * FIT_PADDING) return;
  const fitting = Math.min((width - 2 * FIT_PADDING) / (box.x2 - box.x1), (height - 2 * FIT_PADDING) / (box.y2 - box.y1));
  const zoom = Math.max(cy.minZoom(), Math.min(fitting, MAX_FIT_ZOOM, cy.maxZoom()));
  cy.viewport({ zoom, pan: { x: width / 2 - (zoom * (box.x1 + box.x2)) / 2, y: height / 2 - (zoom * (box.y1 + box.y2)) / 2 } });
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
