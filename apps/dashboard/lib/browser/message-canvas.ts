import type { Core } from 'cytoscape';
import { NODE_SIZE } from './graph-style';
import { clearedOverlay, drawInGraphUnits } from './overlay-canvas';

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

  constructor(
    private readonly cy: Core,
    container: HTMLElement,
    /** Told after each frame drawn (the test hook counts the graph's frames). */
    private readonly drawn: () => void = () => undefined,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.dataset.layer = 'messages';
    Object.assign(this.canvas.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
    // After Cytoscape's own (positioned) element, so drawn over it, as its drag layer was.
    container.append(this.canvas);
  }

  /** Draws this frame's strokes in place of the last frame's. */
  draw(strokes: readonly MessageStroke[]): void {
    if (strokes.length === 0 && this.blank) return;
    const context = clearedOverlay(this.canvas, this.cy);
    if (!context) return;
    this.blank = strokes.length === 0;
    drawInGraphUnits(context, this.cy);
    for (const stroke of strokes) paint(context, stroke);
    context.globalAlpha = 1;
    this.drawn();
  }

  stop(): void {
    this.canvas.remove();
  }
}

function paint(context: CanvasRenderingContext2D, stroke: MessageStroke): void {
  const shape = strokeShape(stroke);
  if (!shape || stroke.opacity <= 0) return;
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
}
