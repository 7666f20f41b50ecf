import type { Core } from 'cytoscape';

/**
 * A canvas of our own over or under Cytoscape's (the heat, the moving messages), sized to the
 * graph at the screen's pixel ratio, its transform reset; `resized` when its size changed (which
 * also cleared it). Null when there is no 2D context.
 */
export function sizedOverlay(canvas: HTMLCanvasElement, cy: Core): { context: CanvasRenderingContext2D; resized: boolean } | null {
  const ratio = window.devicePixelRatio || 1;
  const [width, height] = [cy.width(), cy.height()];
  const resized = canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio);
  if (resized) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) return null;
  context.setTransform(1, 0, 0, 1, 0, 0);
  return { context, resized };
}

/** The overlay (sizedOverlay), cleared whole for a new frame. */
export function clearedOverlay(canvas: HTMLCanvasElement, cy: Core): CanvasRenderingContext2D | null {
  const sized = sizedOverlay(canvas, cy);
  sized?.context.clearRect(0, 0, canvas.width, canvas.height);
  return sized?.context ?? null;
}

/** Makes `context` draw in graph units, following Cytoscape's pan and zoom. */
export function drawInGraphUnits(context: CanvasRenderingContext2D, cy: Core): void {
  const ratio = window.devicePixelRatio || 1;
  const zoom = cy.zoom();
  const pan = cy.pan();
  context.setTransform(zoom * ratio, 0, 0, zoom * ratio, pan.x * ratio, pan.y * ratio);
}
