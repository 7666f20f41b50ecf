import { HIGHLIGHT_COLOR, MARK_COLORS, MESSAGE_COLORS, STATUS_COLORS } from '../graph-style';
import type { ArrowLayout } from './layout';
import type { MarkKind } from './history';

export { HIGHLIGHT_COLOR };

/** Each gossip its own hue (a hash of its id), so two waves crossing can be told apart. */
export function gossipColor(id: string): string {
  let hash = 7;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) % 3_600;
  return `hsl(${hash % 360}, 85%, 65%)`;
}

export function arrowColor(arrow: ArrowLayout): string {
  if (arrow.state === 'failed') return MESSAGE_COLORS.failed;
  if (arrow.state === 'in-flight') return '#94a3b8';
  if (arrow.kind === 'gossip') return gossipColor(arrow.gossipId ?? '');
  if (arrow.kind === 'broadcast') return '#a78bfa';
  return arrow.state === 'received' ? '#86efac' : MESSAGE_COLORS.delivered;
}

export const MARK_GLYPHS: Record<MarkKind, { color: string; shape: 'cross' | 'dot' | 'bar' | 'square' | 'ring' | 'diamond' }> = {
  dead: { color: STATUS_COLORS.dead, shape: 'cross' },
  suspect: { color: STATUS_COLORS.suspect, shape: 'dot' },
  alive: { color: STATUS_COLORS.alive, shape: 'dot' },
  joined: { color: STATUS_COLORS.alive, shape: 'bar' },
  restarted: { color: STATUS_COLORS.alive, shape: 'bar' },
  stopping: { color: '#94a3b8', shape: 'ring' },
  left: { color: '#94a3b8', shape: 'bar' },
  paused: { color: MARK_COLORS.paused, shape: 'square' },
  resumed: { color: MARK_COLORS.paused, shape: 'ring' },
  cut: { color: MARK_COLORS.cut, shape: 'diamond' },
  healed: { color: MARK_COLORS.cut, shape: 'ring' },
};

export const LIFELINE_COLORS = { line: '#64748b', suspect: STATUS_COLORS.suspect, dead: STATUS_COLORS.dead, paused: MARK_COLORS.paused, cut: MARK_COLORS.cut };
