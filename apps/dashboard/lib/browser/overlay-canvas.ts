import type { Core } from 'cytoscape';

/**
 * A canvas of our own over or under Cytoscape's (the heat, the moving messages), sized to the
 * graph at the screen's pixel ratio and cleared for a new frame. Null when there is no 2D context.
 */
export function clearedOverlay(canvas: HTMLCanvasElement, cy: Core): CanvasRenderingContext2D | null {
  const ratio = window.devicePixelRatio || 1;
  const [width, height] = [cy.width(), cy.height()];
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, canvas.width, canvas.height);
  return context;
}

/** Makes `context` draw in graph units, following Cytoscape's pan and zoom. */
export function drawInGraphUnits(context: CanvasRenderingContext2D, cy: Core): void {
  const ratio = window.devicePixelRatio || 1;
  const zoom = cy.zoom();
  const pan = cy.pan();
  context.setTransform(zoom * ratio, 0, 0, zoom * ratio, pan.x * ratio, pan.y * ratio);
}
