import type { DiagramHistory, DiagramMessage, LifelineMark, LifelineState, MarkKind } from './history';

/** Wall-clock order (each reporter's `at`) or logical order (the nodes' Lamport clocks). */
export type TimeOrder = 'wall' | 'logical';

export interface Geometry {
  /** Width of the time gutter on the left. */
  gutter: number;
  columnWidth: number;
  top: number;
  bottom: number;
  /** Wall-clock order: every event takes at least this much, plus its gap in time, up to `maxGap`. */
  minStep: number;
  pxPerMs: number;
  maxGap: number;
  /** Logical order: one row per Lamport value. */
  logicalStep: number;
  /** A failed message ends in a cross this far (a share of the way) towards its receiver. */
  crossShare: number;
  /** A message with one end off the lifelines drawn is a stub this long (a share of a column), ... */
  stubShare: number;
  /** ... that falls this far (px) in time: out to the right of its sender, in from the left of its receiver. */
  stubDrop: number;
  /** The least room between two labels of the time gutter. */
  tickSpacing: number;
  /** Lifelines run at least this far down (the height of the view), however few events there are. */
  minHeight: number;
}

export const GEOMETRY: Geometry = {
  gutter: 72,
  columnWidth: 96,
  top: 16,
  bottom: 24,
  minStep: 10,
  pxPerMs: 0.2,
  maxGap: 60,
  logicalStep: 14,
  crossShare: 0.3,
  stubShare: 0.4,
  stubDrop: 6,
  tickSpacing: 64,
  minHeight: 0,
};

export type ArrowState = 'delivered' | 'received' | 'failed' | 'in-flight';

/** One message drawn from its send to its receipt, to a cross (failed), or on to the bottom (in flight). */
export interface ArrowLayout {
  id: string;
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  state: ArrowState;
  kind: 'plain' | 'gossip' | 'broadcast';
  gossipId?: string;
  hop?: number;
  duplicate?: boolean;
  error?: { code: string; message: string };
  /** The send's and the receipt's clocks, as reported (absent when a node reported none). */
  lamport: { sent?: number; received?: number };
  sentAt?: number;
  receivedAt?: number;
  /** The end that has no lifeline here (one of the other nodes): the arrow is a stub on the other end's lifeline. */
  offDiagram?: 'from' | 'to';
}

export interface MarkLayout {
  node: string;
  x: number;
  y: number;
  kind: MarkKind;
  text: string;
  at: number;
}

/** A stretch of one lifeline drawn in one state. */
export interface SegmentLayout {
  node: string;
  x: number;
  y1: number;
  y2: number;
  state: LifelineState;
}

export interface TickLayout {
  y: number;
  label: string;
}

export interface DiagramLayout {
  order: TimeOrder;
  lifelines: Array<{ node: string; x: number }>;
  arrows: ArrowLayout[];
  marks: MarkLayout[];
  segments: SegmentLayout[];
  ticks: TickLayout[];
  width: number;
  height: number;
}

/** Which of an event's kind comes first when two share a time: a send before a receipt before an outcome. */
const PHASE = { send: 0, mark: 1, receive: 2, outcome: 3 } as const;

interface Point {
  node: string;
  at: number;
  lamport: number | undefined;
  phase: number;
  /** Logical order: the value it is ranked by (its clock, or an estimate). */
  key: number;
  y: number;
}

interface Ends {
  message: DiagramMessage;
  start: Point | undefined;
  receipt: Point | undefined;
  outcome: Point | undefined;
}

/**
 * Where everything goes: lifelines side by side, time flowing down. In wall-clock order each
 * event gets a row of its own, farther from the last the longer it came after it (so bursts stay
 * readable and pauses show); in logical order events are ranked by Lamport clock, and events with
 * the same clock share a row (concurrent), so every receipt lies below its send.
 */
export function layoutDiagram(history: DiagramHistory, lifelines: readonly string[], order: TimeOrder, geometry: Geometry = GEOMETRY): DiagramLayout {
  const g = geometry;
  const xOf = new Map(lifelines.map((node, i) => [node, g.gutter + (i + 0.5) * g.columnWidth]));
  const points: Point[] = [];
  const point = (node: string, at: number, lamport: number | undefined, phase: number): Point => {
    const p: Point = { node, at, lamport, phase, key: lamport ?? 0, y: 0 };
    points.push(p);
    return p;
  };

  // Messages with one end off the lifelines are kept too, as stubs: at 1,000 nodes nearly every
  // message has an end among the hundreds not drawn, and a lifeline without them looked idle.
  // Only the ends on a lifeline take a place in time.
  const ends: Ends[] = [];
  for (const message of history.messages.values()) {
    const [fromShown, toShown] = [xOf.has(message.from), xOf.has(message.to)];
    if (!fromShown && !toShown) continue;
    const { sent, received, outcome } = message;
    const start = sent && fromShown ? point(message.from, sent.at, sent.lamport, PHASE.send) : undefined;
    const receipt = received && toShown ? point(message.to, received.at, received.lamport, PHASE.receive) : undefined;
    // An outcome is drawn when it ends the arrow: a failure (at its sender), or a delivery no receipt was reported for (a course receiver).
    const ending = outcome && (message.status === 'failed' || !received);
    const endsAt = message.status === 'failed' ? message.from : message.to;
    const done = ending && xOf.has(endsAt) ? point(endsAt, outcome.at, outcome.lamport, PHASE.outcome) : undefined;
    ends.push({ message, start, receipt, outcome: done });
  }
  const marks = history.marks.filter((m) => xOf.has(m.node));
  const markPoints = marks.map((m) => point(m.node, m.at, undefined, PHASE.mark));

  if (order === 'logical') {
    estimateMissingClocks(ends);
    placeMarksLogically(marks, markPoints, points);
    rowsByClock(points, lifelines, g);
  } else rowsByTime(points, g);

  const last = points.reduce((max, p) => Math.max(max, p.y), g.top);
  const bottom = Math.max(last + g.bottom, g.minHeight);
  return {
    order,
    lifelines: lifelines.map((node) => ({ node, x: xOf.get(node)! })),
    arrows: ends.flatMap((e) => arrowOf(e, xOf, bottom, g)),
    marks: marks.map((m, i) => ({ node: m.node, x: xOf.get(m.node)!, y: markPoints[i]!.y, kind: m.kind, text: m.text, at: m.at })),
    segments: segmentsOf(history, lifelines, xOf, marks, markPoints, bottom),
    ticks: ticksOf(points, order, g),
    width: g.gutter + lifelines.length * g.columnWidth,
    height: bottom,
  };
}

function rowsByTime(points: Point[], g: Geometry): void {
  points.sort((a, b) => a.at - b.at || a.phase - b.phase);
  let y = g.top;
  points.forEach((p, i) => {
    if (i > 0) y += g.minStep + Math.min(g.maxGap, Math.max(0, p.at - points[i - 1]!.at) * g.pxPerMs);
    p.y = y;
  });
}

function rowsByClock(points: Point[], lifelines: readonly string[], g: Geometry): void {
  const column = new Map(lifelines.map((node, i) => [node, i]));
  points.sort((a, b) => a.key - b.key || column.get(a.node)! - column.get(b.node)! || a.phase - b.phase);
  let row = -1;
  let lastKey = Number.NaN;
  for (const p of points) {
    if (p.key !== lastKey) {
      row += 1;
      lastKey = p.key;
    }
    p.y = g.top + row * g.logicalStep;
  }
}

/**
 * A course node reports no clock: its end of a message is ranked just after (a receipt, an
 * outcome) or just before (a send) the other end's, which keeps every receipt below its send.
 */
function estimateMissingClocks(ends: Ends[]): void {
  for (const { start, receipt, outcome } of ends) {
    if (start && start.lamport === undefined) start.key = receipt?.lamport !== undefined ? Math.max(0, receipt.lamport - 1) : 0;
    if (receipt && receipt.lamport === undefined) receipt.key = (start?.key ?? 0) + 1;
    if (outcome && outcome.lamport === undefined) outcome.key = (start?.key ?? 0) + 1;
  }
}

/**
 * Marks carry no clock (the bootstrap reports them): each goes just after the last event its node
 * had by then, in the node's own time, which is where it happened on that lifeline.
 */
function placeMarksLogically(marks: LifelineMark[], markPoints: Point[], points: Point[]): void {
  const byNode = new Map<string, Point[]>();
  for (const p of points) {
    if (p.phase === PHASE.mark) continue;
    let list = byNode.get(p.node);
    if (!list) byNode.set(p.node, (list = []));
    list.push(p);
  }
  // Two marks of one node between the same two events (suspect, then dead) each get a row, in time order.
  const taken = new Map<string, number>();
  marks.forEach((mark, i) => {
    let before = -Infinity;
    let earliest = Infinity;
    for (const p of byNode.get(mark.node) ?? []) {
      if (p.at <= mark.at) before = Math.max(before, p.key);
      earliest = Math.min(earliest, p.key);
    }
    const base = before > -Infinity ? before + 0.5 : earliest < Infinity ? earliest - 0.5 : 0;
    const slot = `${mark.node} ${base}`;
    const n = taken.get(slot) ?? 0;
    taken.set(slot, n + 1);
    markPoints[i]!.key = base + Math.min(n, 40) * 0.01;
  });
}

function arrowOf(ends: Ends, xOf: Map<string, number>, bottom: number, g: Geometry): ArrowLayout[] {
  const { message, start, receipt, outcome } = ends;
  const [x1, xTo] = [xOf.get(message.from), xOf.get(message.to)];
  if (x1 === undefined || xTo === undefined) return stubOf(ends, x1, xTo, g);
  // A receipt no send was reported for (a course sender): it starts where it ends, in time.
  const from = start ?? receipt ?? outcome;
  if (!from) return [];
  const arrow = baseArrow(message, x1, from.y, xTo, bottom);
  if (message.status === 'failed' && outcome) {
    arrow.state = 'failed';
    arrow.x2 = x1 + (xTo - x1) * g.crossShare;
    arrow.y2 = outcome.y;
  } else if (receipt) {
    arrow.state = message.status === 'delivered' ? 'delivered' : 'received';
    arrow.y2 = receipt.y;
  } else if (outcome) {
    arrow.state = 'delivered';
    arrow.y2 = outcome.y;
  }
  return [arrow];
}

/**
 * A message with one end off the lifelines: a short arrow out to the right of its sender's
 * lifeline (at the send, or the failure it came to), or in from the left of its receiver's (at the
 * receipt). A message not yet received by a drawn node has nothing on its lifeline yet.
 */
function stubOf({ message, start, receipt, outcome }: Ends, xFrom: number | undefined, xTo: number | undefined, g: Geometry): ArrowLayout[] {
  const length = g.stubShare * g.columnWidth;
  if (xFrom !== undefined) {
    const anchor = start ?? outcome;
    if (!anchor) return [];
    const arrow = baseArrow(message, xFrom, anchor.y, xFrom + length, anchor.y + g.stubDrop);
    arrow.offDiagram = 'to';
    if (message.status === 'failed') {
      arrow.state = 'failed';
      if (outcome) arrow.y2 = Math.max(arrow.y2, outcome.y);
    } else if (message.status === 'delivered') arrow.state = 'delivered';
    else if (message.received) arrow.state = 'received';
    return [arrow];
  }
  const anchor = receipt ?? outcome;
  if (xTo === undefined || !anchor) return [];
  const arrow = baseArrow(message, xTo - length, anchor.y - g.stubDrop, xTo, anchor.y);
  arrow.offDiagram = 'from';
  arrow.state = message.status === 'delivered' || !receipt ? 'delivered' : 'received';
  return [arrow];
}

/** An arrow's fields that do not depend on where it is drawn, in flight until told otherwise. */
function baseArrow(message: DiagramMessage, x1: number, y1: number, x2: number, y2: number): ArrowLayout {
  const arrow: ArrowLayout = {
    id: message.id,
    from: message.from,
    to: message.to,
    x1,
    y1,
    x2,
    y2,
    state: 'in-flight',
    kind: message.gossip ? 'gossip' : message.broadcastId ? 'broadcast' : 'plain',
    lamport: {},
  };
  if (message.gossip) [arrow.gossipId, arrow.hop] = [message.gossip.id, message.gossip.hop];
  if (message.duplicate) arrow.duplicate = true;
  if (message.error) arrow.error = message.error;
  if (message.sent?.lamport !== undefined) arrow.lamport.sent = message.sent.lamport;
  if (message.received?.lamport !== undefined) arrow.lamport.received = message.received.lamport;
  if (message.sent) arrow.sentAt = message.sent.at;
  if (message.received) arrow.receivedAt = message.received.at;
  return arrow;
}

/** Each lifeline cut into stretches at its marks, each drawn in the state in force. */
function segmentsOf(
  history: DiagramHistory,
  lifelines: readonly string[],
  xOf: Map<string, number>,
  marks: LifelineMark[],
  markPoints: Point[],
  bottom: number,
): SegmentLayout[] {
  const segments: SegmentLayout[] = [];
  for (const node of lifelines) {
    const x = xOf.get(node)!;
    const changes = marks.flatMap((m, i) => (m.node === node ? [{ y: markPoints[i]!.y, state: m.state }] : [])).sort((a, b) => a.y - b.y);
    let state: LifelineState = history.baseline.get(node) ?? { status: 'alive', paused: false, cut: null };
    let y = 0;
    for (const change of changes) {
      if (change.y > y) segments.push({ node, x, y1: y, y2: change.y, state });
      state = change.state;
      y = change.y;
    }
    segments.push({ node, x, y1: y, y2: bottom, state });
  }
  return segments;
}

/** Labels for the time gutter: the wall-clock time (to the millisecond) or the Lamport value, at most one per `tickSpacing`. */
function ticksOf(points: Point[], order: TimeOrder, g: Geometry): TickLayout[] {
  const ticks: TickLayout[] = [];
  let lastY = -Infinity;
  for (const p of points) {
    if (p.y - lastY < g.tickSpacing) continue;
    if (order === 'logical' && p.lamport === undefined) continue;
    ticks.push({ y: p.y, label: order === 'wall' ? clockTime(p.at) : `L ${p.key}` });
    lastY = p.y;
  }
  return ticks;
}

/** A wall-clock time of day to the millisecond, in the page's time zone. */
export const clockTime = (at: number) => {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
};
