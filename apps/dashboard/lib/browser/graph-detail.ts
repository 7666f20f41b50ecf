import type { Core } from 'cytoscape';
import { FAR_ZOOM, graphStylesheetFor } from './graph-style';

/**
 * Level of detail: zoomed out past FAR_ZOOM, links lose their arrowheads and nodes their labels
 * (too small to read there; the style's `min-zoomed-font-size` hides them, but Cytoscape would still
 * measure them). The style is swapped only when the zoom crosses the threshold, and at once: the
 * page's first fit (far out, at 1,000 nodes) swaps it before any node's style is worked out, so the
 * nodes are styled once, not twice. Returns a function that stops it.
 */
export function followDetail(cy: Core): () => void {
  let detail: 'near' | 'far' = 'near';
  const onZoom = () => {
    const wanted = cy.zoom() < FAR_ZOOM ? 'far' : 'near';
    if (wanted === detail) return;
    detail = wanted;
    cy.style(graphStylesheetFor(detail));
  };
  cy.on('zoom', onZoom);
  return () => cy.off('zoom', onZoom);
}
