import type { Core } from 'cytoscape';
import { FAR_ZOOM, graphStylesheetFor } from './graph-style';

/**
 * Level of detail: zoomed out past FAR_ZOOM, links lose their arrowheads (labels already drop out
 * below a readable size through the style's `min-zoomed-font-size`). The style is swapped only
 * when the zoom crosses the threshold, at most once per frame. Returns a function that stops it.
 */
export function followDetail(cy: Core): () => void {
  let detail: 'near' | 'far' = 'near';
  let frame = 0;
  const check = () => {
    frame = 0;
    const wanted = cy.zoom() < FAR_ZOOM ? 'far' : 'near';
    if (wanted === detail) return;
    detail = wanted;
    cy.style(graphStylesheetFor(detail));
  };
  const onZoom = () => {
    if (!frame) frame = requestAnimationFrame(check);
  };
  cy.on('zoom', onZoom);
  return () => {
    cy.off('zoom', onZoom);
    cancelAnimationFrame(frame);
  };
}
