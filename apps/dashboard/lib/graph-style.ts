import type { StylesheetJson } from 'cytoscape';

/** Status colours, shared by the graph and its legend. */
export const STATUS_COLORS = {
  alive: '#22c55e',
  suspect: '#f59e0b',
  dead: '#ef4444',
  classic: '#a855f7',
} as const;

export const MESSAGE_COLORS = { delivered: '#4ade80', failed: '#f87171' } as const;

export const graphStylesheet: StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': STATUS_COLORS.alive,
      label: 'data(id)',
      color: '#e2e8f0',
      'font-size': 12,
      'text-valign': 'bottom',
      'text-margin-y': 6,
      width: 34,
      height: 34,
      'border-width': 2,
      'border-color': '#0f172a',
    },
  },
  { selector: 'node[kind = "classic"]', style: { 'background-color': STATUS_COLORS.classic } },
  { selector: 'node[status = "suspect"]', style: { 'background-color': STATUS_COLORS.suspect } },
  { selector: 'node[status = "dead"]', style: { 'background-color': STATUS_COLORS.dead, opacity: 0.55 } },
  { selector: 'node.from', style: { 'border-color': '#38bdf8', 'border-width': 4 } },
  { selector: 'node.to', style: { 'border-color': '#f472b6', 'border-width': 4 } },
  { selector: 'node:selected', style: { 'overlay-opacity': 0.15, 'overlay-color': '#e2e8f0' } },
  {
    selector: 'edge.link',
    style: {
      width: 'mapData(heat, 0, 20, 1, 9)',
      'line-color': '#475569',
      'target-arrow-color': '#475569',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.6,
      'curve-style': 'bezier',
      opacity: 0.6,
    },
  },
  { selector: 'edge.link[heat > 2]', style: { 'line-color': '#eab308', 'target-arrow-color': '#eab308' } },
  {
    selector: 'edge.message',
    style: {
      width: 3,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'line-color': MESSAGE_COLORS.delivered,
      'target-arrow-color': MESSAGE_COLORS.delivered,
      'z-index': 10,
    },
  },
  { selector: 'edge.message.failed', style: { 'line-color': MESSAGE_COLORS.failed, 'target-arrow-color': MESSAGE_COLORS.failed, 'line-style': 'dashed' } },
];

/**
 * Where a node sits: a sunflower spiral indexed by the number in its id, so a joining node gets
 * a fresh spot, nobody else moves, and every tab draws the same picture.
 */
export function positionOf(id: string): { x: number; y: number } {
  const digits = /(\d+)$/.exec(id)?.[1];
  const index = digits ? Number(digits) : 1000 + [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 997, 7);
  const angle = index * 2.399963; // the golden angle, in radians
  const radius = 70 * Math.sqrt(index);
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}
