export type Direction = 'left' | 'right' | 'up' | 'down';

export interface Point {
  id: string;
  x: number;
  y: number;
}

export const ARROWS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/**
 * The node the keyboard cursor moves to from `from` when an arrow key is pressed: the nearest one
 * that lies in that direction, where a step straight along the arrow counts less than a step
 * sideways (so ↓ goes to the node below, not to one far off to the side). Undefined at an edge.
 */
export function nextInDirection(points: Point[], from: Point, direction: Direction): string | undefined {
  let best: { id: string; cost: number } | undefined;
  for (const p of points) {
    if (p.id === from.id) continue;
    const dx = p.x - from.x;
    const dy = p.y - from.y;
    const [along, across] = direction === 'left' ? [-dx, dy] : direction === 'right' ? [dx, dy] : direction === 'up' ? [-dy, dx] : [dy, dx];
    if (along <= 0) continue;
    const cost = along + 2 * Math.abs(across);
    if (!best || cost < best.cost || (cost === best.cost && p.id < best.id)) best = { id: p.id, cost };
  }
  return best?.id;
}
