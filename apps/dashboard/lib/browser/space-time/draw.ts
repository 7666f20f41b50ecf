import type { FocusedMessage } from '../message-focus';
import { isFocused } from '../message-focus';
import { arrowColor, HIGHLIGHT_COLOR, LIFELINE_COLORS, MARK_GLYPHS } from './colors';
import { arrowsBetween } from './hit-test';
import type { ArrowLayout, DiagramLayout, MarkLayout, SegmentLayout } from './layout';

export interface Viewport {
  /** The diagram's y at the canvas's top edge. */
  top: number;
  width: number;
  height: number;
  /** Device pixels per CSS pixel. */
  scale: number;
}

/** Draws the part of the diagram in view onto the canvas: only what is in the window is touched. */
export function drawDiagram(ctx: CanvasRenderingContext2D, layout: DiagramLayout, view: Viewport, focused: FocusedMessage | undefined): void {
  ctx.setTransform(view.scale, 0, 0, view.scale, 0, 0);
  ctx.clearRect(0, 0, view.width, view.height);
  ctx.translate(0, -view.top);
  const [top, bottom] = [view.top - 8, view.top + view.height + 8];

  ctx.font = '10px ui-monospace, monospace';
  ctx.fillStyle = '#64748b';
  ctx.textBaseline = 'middle';
  for (const tick of layout.ticks) if (tick.y >= top && tick.y <= bottom) ctx.fillText(tick.label, 4, tick.y);

  for (const segment of layout.segments) if (segment.y2 >= top && segment.y1 <= bottom) drawSegment(ctx, segment);

  const arrows = arrowsBetween(layout, top, bottom);
  const lit: ArrowLayout[] = [];
  for (const arrow of arrows) {
    if (isFocused(focused, arrow)) lit.push(arrow);
    else drawArrow(ctx, arrow, arrowColor(arrow), 1.5);
  }
  for (const mark of layout.marks) if (mark.y >= top && mark.y <= bottom) drawMark(ctx, mark, view.width);
  // Drawn last, over everything else.
  for (const arrow of lit) drawArrow(ctx, arrow, HIGHLIGHT_COLOR, 3.5);
}

function drawSegment(ctx: CanvasRenderingContext2D, { x, y1, y2, state }: SegmentLayout): void {
  if (state.status === 'absent') return;
  if (state.cut) {
    ctx.fillStyle = LIFELINE_COLORS.cut;
    ctx.globalAlpha = state.cut === 'group' ? 0.3 : 0.12;
    ctx.fillRect(x - 6, y1, 12, y2 - y1);
    ctx.globalAlpha = 1;
  }
  ctx.beginPath();
  ctx.moveTo(x, y1);
  ctx.lineTo(x, y2);
  ctx.lineWidth = state.paused ? 4 : 2;
  ctx.strokeStyle = state.paused
    ? LIFELINE_COLORS.paused
    : state.status === 'dead'
      ? LIFELINE_COLORS.dead
      : state.status === 'suspect'
        ? LIFELINE_COLORS.suspect
        : LIFELINE_COLORS.line;
  ctx.globalAlpha = state.status === 'dead' ? 0.35 : 1;
  ctx.setLineDash(state.paused ? [2, 4] : state.status === 'alive' ? [] : [5, 4]);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
}

function drawArrow(ctx: CanvasRenderingContext2D, arrow: ArrowLayout, color: string, width: number): void {
  const { x1, y1, x2, y2 } = arrow;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(arrow.state === 'in-flight' ? [4, 4] : arrow.duplicate ? [2, 3] : []);
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x2, y2);
  ctx.stroke();
  ctx.setLineDash([]);
  // The send's end: a dot on the sender's lifeline, or a ring where a sender with no lifeline here stands in.
  ctx.beginPath();
  ctx.arc(x1, y1, 2, 0, Math.PI * 2);
  if (arrow.offDiagram === 'from') ctx.stroke();
  else ctx.fill();
  if (arrow.state === 'failed') return drawCross(ctx, x2, y2, 5, width);
  // A receiver with no lifeline here: a ring at the stub's end, after the arrowhead.
  if (arrow.offDiagram === 'to') {
    ctx.beginPath();
    ctx.arc(x2 + 5, y2, 2.5, 0, Math.PI * 2);
    ctx.stroke();
  }
  const angle = Math.atan2(y2 - y1, x2 - x1);
  const size = 7;
  ctx.beginPath();
  ctx.moveTo(x2, y2);
  ctx.lineTo(x2 - size * Math.cos(angle - 0.4), y2 - size * Math.sin(angle - 0.4));
  ctx.lineTo(x2 - size * Math.cos(angle + 0.4), y2 - size * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fill();
}

function drawCross(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, width: number): void {
  ctx.lineWidth = Math.max(2, width);
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
}

function drawMark(ctx: CanvasRenderingContext2D, mark: MarkLayout, width: number): void {
  const { color, shape } = MARK_GLYPHS[mark.kind];
  const { x, y } = mark;
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  if (shape === 'cross') drawCross(ctx, x, y, 7, 3);
  else if (shape === 'dot') ctx.arc(x, y, 5, 0, Math.PI * 2);
  else if (shape === 'ring') ctx.arc(x, y, 5, 0, Math.PI * 2);
  else if (shape === 'bar') ctx.rect(x - 9, y - 2, 18, 4);
  else if (shape === 'square') ctx.rect(x - 5, y - 5, 10, 10);
  else if (shape === 'diamond') {
    ctx.moveTo(x, y - 6);
    ctx.lineTo(x + 6, y);
    ctx.lineTo(x, y + 6);
    ctx.lineTo(x - 6, y);
    ctx.closePath();
  }
  if (shape === 'ring') ctx.stroke();
  else if (shape !== 'cross') ctx.fill();
  ctx.font = '10px ui-sans-serif, sans-serif';
  // Near the right edge the label goes to the left of its lifeline.
  const label = ctx.measureText(mark.kind).width;
  ctx.fillText(mark.kind, x + 10 + label > width ? x - 10 - label : x + 10, y);
}
