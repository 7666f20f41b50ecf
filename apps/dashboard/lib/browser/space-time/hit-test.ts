import type { ArrowLayout, DiagramLayout, MarkLayout } from './layout';

/** How close (px) the pointer must be to an arrow to pick it. */
export const PICK_PX = 6;

/** The arrow nearest to (x, y) in the diagram's coordinates, within PICK_PX; the latest wins a tie. */
export function arrowAt(layout: DiagramLayout, x: number, y: number, within = PICK_PX): ArrowLayout | undefined {
  let best: ArrowLayout | undefined;
  let bestDistance = within;
  for (const arrow of layout.arrows) {
    // Most arrows are far above or below: skip them before any arithmetic.
    if (y < Math.min(arrow.y1, arrow.y2) - within || y > Math.max(arrow.y1, arrow.y2) + within) continue;
    const distance = distanceToSegment(x, y, arrow.x1, arrow.y1, arrow.x2, arrow.y2);
    if (distance <= bestDistance) {
      best = arrow;
      bestDistance = distance;
    }
  }
  return best;
}

/** The mark nearest to (x, y), within `within` px. */
export function markAt(layout: DiagramLayout, x: number, y: number, within = 8): MarkLayout | undefined {
  return layout.marks.find((m) => Math.abs(m.x - x) <= within && Math.abs(m.y - y) <= within);
}

/**
 * A point on the arrow where the pointer picks it and no other (arrows cross): tried from its
 * middle outwards. Undefined when every point of it is shared.
 */
export function pickablePoint(layout: DiagramLayout, arrow: ArrowLayout): { x: number; y: number } | undefined {
  for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85]) {
    const [x, y] = [arrow.x1 + (arrow.x2 - arrow.x1) * t, arrow.y1 + (arrow.y2 - arrow.y1) * t];
    if (arrowAt(layout, x, y) === arrow) return { x, y };
  }
  return undefined;
}

/** The lifeline whose column holds x, if any. */
export function lifelineAt(layout: DiagramLayout, x: number, columnWidth: number): string | undefined {
  return layout.lifelines.find((l) => Math.abs(l.x - x) <= columnWidth / 2)?.node;
}

/** The arrows any part of which lies between y1 and y2 (what a window of the diagram shows). */
export function arrowsBetween(layout: DiagramLayout, y1: number, y2: number): ArrowLayout[] {
  return layout.arrows.filter((a) => Math.max(a.y1, a.y2) >= y1 && Math.min(a.y1, a.y2) <= y2);
}

export function distanceToSegment(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const [dx, dy] = [x2 - x1, y2 - y1];
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / lengthSquared));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}
