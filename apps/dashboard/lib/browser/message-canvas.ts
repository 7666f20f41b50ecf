import type { Core } from 'cytoscape';
import { NODE_SIZE } from './graph-style';
import { drawInGraphUnits, sizedOverlay } from './overlay-canvas';

export interface Point {
  x: number;
  y: number;
}

/**
 * One moving message as drawn this frame, in graph units: a line from the sender's rim that has
 * reached `reach` (0-1) of the way to the receiver's, with an arrowhead at its tip.
 */
export interface MessageStroke {
  from: Point;
  to: Point;
  width: number;
  opacity: number;
  reach: number;
  color: string;
  dashed: boolean;
}

/** Where a stroke's line runs and its arrowhead sits, in graph units. */
export interface StrokeShape {
  start: Point;
  /** Where the line stops: the arrowhead's base. */
  lineEnd: Point;
  /** The arrowhead: one base corner, the tip, the other base corner. */
  arrow: [Point, Point, Point];
}

/** A rectangle in canvas pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How a view maps graph units to canvas pixels: Cytoscape's zoom and pan, and the screen's pixel ratio. */
export interface ViewTransform {
  zoom: number;
  pan: Point;
  ratio: number;
}

/**
 * The canvas pixels the shapes cover, each line `widths[i]` wide, with a margin for antialiasing;
 * undefined when there are none.
 */
export function pixelBoxOf(shapes: ReadonlyArray<{ shape: StrokeShape; width: number }>, view: ViewTransform): PixelBox | undefined {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { shape, width } of shapes) {
    const pad = width / 2;
    for (const point of [shape.start, shape.lineEnd, ...shape.arrow]) {
      x1 = Math.min(x1, point.x - pad);
      y1 = Math.min(y1, point.y - pad);
      x2 = Math.max(x2, point.x + pad);
      y2 = Math.max(y2, point.y + pad);
    }
  }
  if (x1 > x2) return undefined;
  const scale = view.zoom * view.ratio;
  const margin = 2;
  const left = Math.floor(x1 * scale + view.pan.x * view.ratio) - margin;
  const top = Math.floor(y1 * scale + view.pan.y * view.ratio) - margin;
  return {
    x: left,
    y: top,
    width: Math.ceil(x2 * scale + view.pan.x * view.ratio) + margin - left,
    height: Math.ceil(y2 * scale + view.pan.y * view.ratio) + margin - top,
  };
}

/** Cytoscape's dash pattern for `line-style: dashed`, in graph units (as its own failed message edges were drawn). */
const DASH = [6, 3];

/** Cytoscape's size for a `triangle` arrowhead on a line `width` wide (its getArrowWidth, arrow-scale 1), so the look is the same. */
export const arrowSize = (width: number) => Math.max(Math.pow(width * 13.37, 0.9), 29);

/** The shape of a stroke, from rim to rim of the two nodes; undefined when the nodes overlap or it has not left the sender yet. */
export function strokeShape({ from, to, reach, width }: Pick<MessageStroke, 'from' | 'to' | 'reach' | 'width'>): StrokeShape | undefined {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const distance = Math.hypot(dx, dy);
  const radius = NODE_SIZE / 2;
  if (distance <= 2 * radius || reach <= 0) return undefined;
  const [ux, uy] = [dx / distance, dy / distance];
  const start = { x: from.x + ux * radius, y: from.y + uy * radius };
  const travelled = (distance - 2 * radius) * Math.min(1, reach);
  const tip = { x: start.x + ux * travelled, y: start.y + uy * travelled };
  const size = arrowSize(width);
  const length = Math.min(0.3 * size, travelled);
  const half = 0.15 * size;
  const base = { x: tip.x - ux * length, y: tip.y - uy * length };
  return {
    start,
    lineEnd: base,
    arrow: [{ x: base.x - uy * half, y: base.y + ux * half }, tip, { x: base.x + uy * half, y: base.y - ux * half }],
  };
}

/**
 * The moving messages, drawn on a canvas of our own above Cytoscape's, in step with its pan and
 * zoom. As Cytoscape edges, each frame of each message was a style bypass (Cytoscape parses the
 * values, re-hashes the element's style, emits and notifies) and a redraw of its drag layer with
 * every drawn link in it: at 1,000 nodes under traffic those were the page's long frames. Here a
 * frame is a clear and a few dozen strokes; Cytoscape draws only when the graph itself changes.
 * The message's Cytoscape edge stays, invisible (message-layer.ts), for hovering and the test hook.
 */
export class MessageCanvas {
  private readonly canvas: HTMLCanvasElement;
  private blank = true;
  /** What the last frame drew, in canvas pixels, and the view it was drawn in: all the next frame need clear. */
  private drawn: { box: PixelBox; view: string } | undefined;

  constructor(
    private readonly cy: Core,
    container: HTMLElement,
    /** Told after each frame drawn (the test hook counts the graph's frames). */
    private readonly frameDrawn: () => void = () => undefined,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.layer = 'messages';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
    // After Cytoscape's own (positioned) element, so drawn over it, as its drag layer was.
    container.append(this.canvas);
  }

  /**
   * Draws this frame's strokes in place of the last frame's. Only the part the last frame drew is
   * cleared (all of it after a pan, zoom or resize): a canvas cleared whole is repainted and
   * composited whole, every frame a message moves.
   */
  draw(strokes: readonly MessageStroke[]): void {
    if (strokes.length === 0 && this.blank) return;
    const sized = sizedOverlay(this.canvas, this.cy);
    if (!sized) return;
    const { context } = sized;
    const transform = { zoom: this.cy.zoom(), pan: this.cy.pan(), ratio: window.devicePixelRatio || 1 };
    const view = `${transform.zoom} ${transform.pan.x} ${transform.pan.y} ${transform.ratio}`;
    const last = this.drawn;
    if (sized.resized || !last || last.view !== view) context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    else context.clearRect(last.box.x, last.box.y, last.box.width, last.box.height);
    this.blank = strokes.length === 0;
    drawInGraphUnits(context, this.cy);
    const shapes: Array<{ shape: StrokeShape; width: number }> = [];
    for (const stroke of strokes) {
      const shape = paint(context, stroke);
      if (shape) shapes.push({ shape, width: stroke.width });
    }
    context.globalAlpha = 1;
    const box = pixelBoxOf(shapes, transform);
    this.drawn = box && { box, view };
    this.frameDrawn();
  }

  stop(): void {
    this.canvas.remove();
  }
}

/** Draws a stroke; returns its shape, or undefined when nothing was drawn. */
function paint(context: CanvasRenderingContext2D, stroke: MessageStroke): StrokeShape | undefined {
  const shape = strokeShape(stroke);
  if (!shape || stroke.opacity <= 0) return undefined;
  context.globalAlpha = stroke.opacity;
  context.strokeStyle = stroke.color;
  context.fillStyle = stroke.color;
  context.lineWidth = stroke.width;
  context.setLineDash(stroke.dashed ? DASH : []);
  context.beginPath();
  context.moveTo(shape.start.x, shape.start.y);
  context.lineTo(shape.lineEnd.x, shape.lineEnd.y);
  context.stroke();
  const [left, tip, right] = shape.arrow;
  context.beginPath();
  context.moveTo(left.x, left.y);
  context.lineTo(tip.x, tip.y);
  context.lineTo(right.x, right.y);
  context.closePath();
  context.fill();
  return shape;
}
