import type { TelemetryEvent } from '@peerscope/protocol';
import type { DiagramPicture } from '../../common/test-hook-types';
import type { NetworkClient, NetworkUpdate } from '../network-client';
import { isFocused, type MessageFocus } from '../message-focus';
import { describeArrow } from './describe';
import { drawDiagram } from './draw';
import { arrowAt, lifelineAt, markAt, pickablePoint } from './hit-test';
import { DiagramHistory } from './history';
import { GEOMETRY, layoutDiagram, type DiagramLayout, type TimeOrder } from './layout';
import { chooseLifelines, lifelinesThatFit, MAX_LIFELINES, type LifelineChoice } from './lifelines';

/** The diagram is laid out again at most this often while it follows the present (drawing is per frame). */
const LAYOUT_MS = 250;
/** The busiest lifelines are chosen again at most this often when nothing drawn changed. */
const RECHOOSE_MS = 2_000;
/** Within this many px of the bottom, the view counts as at the present. */
const AT_BOTTOM_PX = 24;
/** A scroll this soon after the person's wheel, touch, key or pointer on the diagram is theirs; any other is the page's. */
const GESTURE_MS = 1_000;
const MIN_COLUMN = 28;
const MAX_COLUMN = 160;

export interface DiagramSettings {
  choice: LifelineChoice;
  order: TimeOrder;
  /** Nodes selected on the graph. */
  selected: readonly string[];
}

export interface DiagramCallbacks {
  /** The lifelines drawn changed (their headers go above the canvas). */
  /** `leftOut`: lifelines the choice would draw but the panel is too narrow to hold. */
  onLifelines(lifelines: Array<{ node: string; x: number }>, columnWidth: number, leftOut: number): void;
  /** The pointer is over an arrow or a mark (its description and where), or over nothing. */
  onHover(hover: { text: string; x: number; y: number } | undefined): void;
  onFollowing(following: boolean): void;
  onTapNode(id: string): void;
}

/**
 * The space-time diagram's engine, outside React: keeps the history from the page's updates,
 * lays it out (at most every LAYOUT_MS, and not while the person has scrolled back, so what they
 * read holds still), draws the window in view on a canvas once a frame when something changed,
 * and turns pointer input into highlights and node selection.
 */
export class DiagramController {
  readonly history = new DiagramHistory();
  layout: DiagramLayout | undefined;
  following = true;
  /** What the diagram has cost the page since it opened: frames drawn, and ms of main thread (taking events in, layout, drawing). */
  readonly stats = { draws: 0, busyMs: 0 };
  private settings: DiagramSettings = { choice: 'all', order: 'wall', selected: [] };
  private lifelines: string[] = [];
  private columnWidth = GEOMETRY.columnWidth;
  private leftOut = 0;
  private layoutTimer: ReturnType<typeof setTimeout> | undefined;
  private frame = 0;
  private laidOutVersion = -1;
  private laidOutAt = 0;
  /** The lifelines drawn, as a set: most events at 100 nodes touch none of them and need no layout. */
  private shown = new Set<string>();
  private readonly stops: Array<() => void> = [];
  /** When the person last scrolled (or could have) themselves. */
  private gestureAt = -Infinity;

  constructor(
    private readonly client: NetworkClient,
    private readonly focus: MessageFocus,
    private readonly scroller: HTMLElement,
    private readonly spacer: HTMLElement,
    private readonly canvas: HTMLCanvasElement,
    private readonly callbacks: DiagramCallbacks,
  ) {
    if (client.view) this.history.reset(client.view);
    this.stops.push(client.onUpdate((update) => this.onUpdate(update)));
    this.stops.push(focus.subscribe(() => this.requestDraw()));
    const resized = new ResizeObserver(() => this.relayout());
    resized.observe(scroller);
    this.stops.push(() => resized.disconnect());
    this.listen(scroller, 'scroll', () => this.onScroll());
    for (const gesture of ['wheel', 'touchstart', 'keydown', 'pointerdown']) this.listen(scroller, gesture, () => (this.gestureAt = performance.now()));
    this.listen(canvas, 'mousemove', (e) => this.onPointer(e as MouseEvent));
    this.listen(canvas, 'mouseleave', () => this.onLeave());
    this.listen(canvas, 'click', (e) => this.onClick(e as MouseEvent));
  }

  configure(settings: DiagramSettings): void {
    this.settings = settings;
    this.relayout();
  }

  /** Back to the present: lays out what came meanwhile and scrolls to the bottom. */
  follow(): void {
    this.setFollowing(true);
    this.relayout();
  }

  destroy(): void {
    clearTimeout(this.layoutTimer);
    cancelAnimationFrame(this.frame);
    for (const stop of this.stops.splice(0)) stop();
    this.focus.release('diagram');
  }

  /** What is drawn, for tests. */
  picture(): DiagramPicture {
    const layout = this.layout;
    const focused = this.focus.current;
    return {
      order: layout?.order ?? this.settings.order,
      following: this.following,
      lifelines: layout?.lifelines.map((l) => ({ ...l })) ?? [],
      arrows: (layout?.arrows ?? []).map((a) => ({
        id: a.id,
        from: a.from,
        to: a.to,
        state: a.state,
        kind: a.kind,
        ...(a.gossipId !== undefined && { gossipId: a.gossipId }),
        ...(a.error && { error: { ...a.error } }),
        ...(a.offDiagram && { offDiagram: a.offDiagram }),
        x1: a.x1,
        y1: a.y1,
        x2: a.x2,
        y2: a.y2,
        lamport: { ...a.lamport },
        highlighted: isFocused(focused, a),
      })),
      marks: (layout?.marks ?? []).map((m) => ({ node: m.node, kind: m.kind, text: m.text, y: m.y })),
    };
  }

  /** Scrolls an arrow into view (the diagram stops following) and says where on the page to point at it. */
  revealArrow(id: string): { x: number; y: number } | undefined {
    const layout = this.layout;
    const arrow = layout?.arrows.find((a) => a.id === id);
    if (!layout || !arrow) return undefined;
    const point = pickablePoint(layout, arrow);
    if (!point) return undefined;
    this.setFollowing(false);
    this.scroller.scrollTop = Math.max(0, point.y - this.scroller.clientHeight / 2);
    this.draw();
    const box = this.canvas.getBoundingClientRect();
    return { x: box.left + point.x, y: box.top + point.y - this.scroller.scrollTop };
  }

  private onUpdate(update: NetworkUpdate): void {
    this.timed(() => this.take(update));
  }

  private take(update: NetworkUpdate): void {
    const view = this.client.view;
    if (update.kind === 'deltas') {
      let touched = false;
      for (const { event } of update.deltas) {
        this.history.apply(event);
        touched ||= this.touches(event);
      }
      const rechoose = this.settings.choice === 'busiest' && performance.now() - this.laidOutAt >= RECHOOSE_MS;
      if (touched || rechoose) this.scheduleLayout();
      return;
    }
    // A fresh picture (a reconnect, a seek in a trace): start over from it, at its present.
    if (view) this.history.reset(view);
    this.setFollowing(true);
    this.relayout();
  }

  /** Whether the event changes what is drawn: a message between two lifelines, a mark on one, the nodes or the faults. */
  private touches(event: TelemetryEvent): boolean {
    switch (event.type) {
      case 'message:sent':
      case 'message:received':
      case 'message:delivered':
      case 'message:failed':
        return this.shown.has(event.from) && this.shown.has(event.to);
      case 'node:status-changed':
      case 'node:stopping':
        return this.shown.has(event.nodeId);
      case 'node:registered':
      case 'node:started':
      case 'node:deregistered':
      case 'faults:changed':
        return true;
      default:
        return false;
    }
  }

  private scheduleLayout(): void {
    if (!this.following || this.layoutTimer !== undefined) return;
    this.layoutTimer = setTimeout(() => {
      this.layoutTimer = undefined;
      if (this.following && this.history.version !== this.laidOutVersion) this.timed(() => this.relayout());
    }, LAYOUT_MS);
  }

  /** Lays the diagram out now, from the history as it is. */
  private relayout(): void {
    const view = this.client.view;
    const nodes = view ? [...view.nodes.keys()] : [];
    const { choice, order, selected } = this.settings;
    const width = this.scroller.clientWidth;
    const limit = Math.min(MAX_LIFELINES, lifelinesThatFit(width, GEOMETRY.gutter, MIN_COLUMN));
    const lifelines = chooseLifelines({ choice, nodes, selected, messagesPerNode: this.history.messagesPerNode, previous: this.lifelines, limit });
    const candidates = choice === 'selected' ? new Set(selected.filter((id) => view?.nodes.has(id))).size : nodes.length;
    const leftOut = Math.max(0, Math.min(MAX_LIFELINES, candidates) - lifelines.length);
    const columnWidth = Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, (width - GEOMETRY.gutter) / Math.max(1, lifelines.length)));
    const changed = columnWidth !== this.columnWidth || lifelines.join() !== this.lifelines.join() || leftOut !== this.leftOut;
    this.leftOut = leftOut;
    this.lifelines = lifelines;
    this.shown = new Set(lifelines);
    this.columnWidth = columnWidth;
    this.laidOutVersion = this.history.version;
    this.laidOutAt = performance.now();
    this.layout = layoutDiagram(this.history, lifelines, order, { ...GEOMETRY, columnWidth, minHeight: this.scroller.clientHeight });
    this.spacer.style.height = `${this.layout.height}px`;
    if (changed) this.callbacks.onLifelines(this.layout.lifelines, columnWidth, leftOut);
    if (this.following) this.scroller.scrollTop = this.scroller.scrollHeight;
    this.requestDraw();
  }

  private requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.timed(() => this.draw());
    });
  }

  private draw(): void {
    const layout = this.layout;
    const ctx = this.canvas.getContext('2d');
    if (!layout || !ctx) return;
    const [width, height, scale] = [this.scroller.clientWidth, this.scroller.clientHeight, window.devicePixelRatio || 1];
    if (this.canvas.width !== Math.round(width * scale) || this.canvas.height !== Math.round(height * scale)) {
      this.canvas.width = Math.round(width * scale);
      this.canvas.height = Math.round(height * scale);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    drawDiagram(ctx, layout, { top: this.scroller.scrollTop, width, height, scale }, this.focus.current);
    this.stats.draws += 1;
  }

  private onScroll(): void {
    const { scrollTop, clientHeight, scrollHeight } = this.scroller;
    const atBottom = scrollTop + clientHeight >= scrollHeight - AT_BOTTOM_PX;
    // The page moved the view (a resize, content above it changing): only the person stops the diagram following.
    if (this.following && !atBottom && performance.now() - this.gestureAt > GESTURE_MS) {
      this.scroller.scrollTop = scrollHeight;
      return;
    }
    if (atBottom !== this.following) {
      this.setFollowing(atBottom);
      if (atBottom) this.scheduleLayout();
    }
    this.requestDraw();
  }

  private setFollowing(following: boolean): void {
    if (this.following === following) return;
    this.following = following;
    this.callbacks.onFollowing(following);
  }

  /** The pointer's place in the diagram's coordinates. */
  private at(e: MouseEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top + this.scroller.scrollTop };
  }

  private onPointer(e: MouseEvent): void {
    const layout = this.layout;
    if (!layout) return;
    const { x, y } = this.at(e);
    const arrow = arrowAt(layout, x, y);
    const place = { x: e.clientX, y: e.clientY };
    if (arrow) {
      this.focus.set({ id: arrow.id, from: arrow.from, to: arrow.to, by: 'diagram' });
      this.callbacks.onHover({ text: describeArrow(arrow), ...place });
      this.canvas.style.cursor = 'pointer';
      return;
    }
    this.focus.release('diagram');
    const mark = markAt(layout, x, y);
    this.callbacks.onHover(mark ? { text: `${mark.node}: ${mark.text}`, ...place } : undefined);
    this.canvas.style.cursor = lifelineAt(layout, x, this.columnWidth) ? 'pointer' : 'default';
  }

  private onLeave(): void {
    this.focus.release('diagram');
    this.callbacks.onHover(undefined);
  }

  /** An arrow pins its highlight; elsewhere in a lifeline's column selects that node, as the graph does. */
  private onClick(e: MouseEvent): void {
    const layout = this.layout;
    if (!layout) return;
    const { x, y } = this.at(e);
    const arrow = arrowAt(layout, x, y);
    if (arrow) {
      this.focus.unpin();
      this.focus.set({ id: arrow.id, from: arrow.from, to: arrow.to, by: 'diagram', pinned: true });
      return;
    }
    this.focus.unpin();
    const node = lifelineAt(layout, x, this.columnWidth);
    if (node) this.callbacks.onTapNode(node);
  }

  private timed(work: () => void): void {
    const started = performance.now();
    work();
    this.stats.busyMs += performance.now() - started;
  }

  private listen(target: EventTarget, type: string, handler: (e: Event) => void): void {
    target.addEventListener(type, handler);
    this.stops.push(() => target.removeEventListener(type, handler));
  }
}
