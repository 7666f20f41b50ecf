import type { Core } from 'cytoscape';
import { HEAT_COLOR, NODE_SIZE } from './graph-style';
import { clearedOverlay, drawInGraphUnits } from './overlay-canvas';

/** The glow's margin round a node at each heat step (1-4), in graph units, and its opacity. */
const glowPadding = (level: number) => 2 + level * 4;
const glowOpacity = (level: number) => 0.15 + level * 0.12;
export const HEAT_LEVELS = 4;

/**
 * The nodes' heat (traffic through them, link-layer.ts) drawn as an amber glow on a canvas of our
 * own, under Cytoscape's. Drawn by Cytoscape (a node style), each step of a node's heat restyled
 * the node and repainted the whole node layer, 1,000 nodes in software, twice a second under
 * traffic, and kept its cached picture of that layer from ever being used: those were the page's
 * long frames. Here a heat change touches no element; this canvas is redrawn (one filled path
 * per step) when the heat or the view changes, at most once a frame.
 */
export class HeatLayer {
  private readonly canvas: HTMLCanvasElement;
  private levels: ReadonlyMap<string, number> = new Map();
  private frame = 0;
  private readonly schedule = () => {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.draw());
  };

  constructor(
    private readonly cy: Core,
    container: HTMLElement,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.layer = 'heat';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
    // Before Cytoscape's own (positioned) element, so drawn under it.
    container.prepend(this.canvas);
    // Nodes only: message edges come and go every frame under traffic, and change no glow.
    cy.on('viewport resize', this.schedule);
    cy.on('position add remove', 'node', this.schedule);
  }

  /**
   * Shows `levels` (node id → heat step 1-4; absent: none), drawn in the frame after the next: the
   * sweep that works them out also rewrites the links, which Cytoscape redraws in the next frame,
   * and the two draws in one frame made it a long one.
   */
  show(levels: ReadonlyMap<string, number>): void {
    this.levels = levels;
    if (this.frame === 0) this.frame = requestAnimationFrame(() => (this.frame = requestAnimationFrame(() => this.draw())));
  }

  stop(): void {
    cancelAnimationFrame(this.frame);
    this.cy.off('viewport resize', this.schedule);
    this.cy.off('position add remove', 'node', this.schedule);
    this.canvas.remove();
  }

  private draw(): void {
    this.frame = 0;
    const { cy } = this;
    const context = clearedOverlay(this.canvas, cy);
    if (!context || this.levels.size === 0) return;
    drawInGraphUnits(context, cy);
    const zoom = cy.zoom();
    const pan = cy.pan();
    const [width, height] = [cy.width(), cy.height()];
    // The part of the graph in view, in graph units: nodes outside it are skipped.
    const margin = NODE_SIZE / 2 + glowPadding(HEAT_LEVELS);
    const view = { x1: -pan.x / zoom - margin, y1: -pan.y / zoom - margin, x2: (width - pan.x) / zoom + margin, y2: (height - pan.y) / zoom + margin };
    // One path per step, built in one pass over the glowing nodes: four fills, however many glow.
    const paths = Array.from({ length: HEAT_LEVELS + 1 }, () => new Path2D());
    for (const [id, level] of this.levels) {
      const node = cy.getElementById(id);
      if (node.empty()) continue;
      const { x, y } = node.position();
      if (x < view.x1 || x > view.x2 || y < view.y1 || y > view.y2) continue;
      const radius = NODE_SIZE / 2 + glowPadding(level);
      const path = paths[level]!;
      path.moveTo(x + radius, y);
      path.arc(x, y, radius, 0, 2 * Math.PI);
    }
    context.fillStyle = HEAT_COLOR;
    for (let level = 1; level <= HEAT_LEVELS; level++) {
      context.globalAlpha = glowOpacity(level);
      context.fill(paths[level]!);
    }
    context.globalAlpha = 1;
  }
}
