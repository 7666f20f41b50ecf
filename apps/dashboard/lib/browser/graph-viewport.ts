import type { Core, NodeSingular } from 'cytoscape';

/** A fit never zooms a small network up to giant circles. */
const MAX_FIT_ZOOM = 1.4;
/** A node found by id is shown at least this close, so its label is readable. */
const FOUND_ZOOM = 1;

/**
 * Space kept free round the nodes in a fit, in px on screen: more at the bottom, where the legend
 * and the space-time toggle sit over the graph (three rows at a laptop's width), and at the top,
 * under the find box, so that no node or label is drawn beneath them.
 */
const FIT_PADDING = { side: 60, top: 64, bottom: 104 };
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
  const [roomX, roomY] = [width - 2 * FIT_PADDING.side, height - FIT_PADDING.top - FIT_PADDING.bottom];
  if (box.x1 > box.x2 || roomX <= 0 || roomY <= 0) return;
  const fitting = Math.min(roomX / (box.x2 - box.x1), roomY / (box.y2 - box.y1));
  const zoom = Math.max(cy.minZoom(), Math.min(fitting, MAX_FIT_ZOOM, cy.maxZoom()));
  // Centred in the free band between the top and bottom paddings, not in the whole canvas.
  const middleY = FIT_PADDING.top + roomY / 2;
  const pan = { x: width / 2 - (zoom * (box.x1 + box.x2)) / 2, y: middleY - (zoom * (box.y1 + box.y2)) / 2 };
  cy.viewport({ zoom, pan });
  lastFit.set(cy, { zoom, ...pan });
}

/** The viewport each graph's last fit left, to tell whether the user has moved it since. */
const lastFit = new WeakMap<Core, { zoom: number; x: number; y: number }>();

/**
 * After the graph's box changed size: fits again if the view is still the one the last fit left.
 * The first fit comes with the first snapshot, often before the page's rows have their final
 * height, and left nodes under the legend; a view the user panned or zoomed is kept.
 */
export function refitIfUntouched(cy: Core): void {
  const fit = lastFit.get(cy);
  if (!fit) return;
  const { x, y } = cy.pan();
  if (cy.zoom() === fit.zoom && x === fit.x && y === fit.y) fitGently(cy);
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
