import type { StylesheetJson } from 'cytoscape';

/** Status colours, shared by the graph and its legend. */
export const STATUS_COLORS = {
  alive: '#22c55e',
  suspect: '#f59e0b',
  dead: '#ef4444',
  classic: '#a855f7',
} as const;

/** A moving message's colour (message-canvas.ts): failed over a duplicate over a gossip hop over delivered. */
export const MESSAGE_COLORS = { delivered: '#4ade80', failed: '#f87171', gossip: '#38bdf8', duplicate: '#94a3b8' } as const;

/** The lab's marks, shared by the graph and its legend. */
export const MARK_COLORS = {
  /** A paused (frozen) node's double border. */
  paused: '#e2e8f0',
  /** Links a partition cuts, and the halo round the cut-off group. */
  cut: '#f43f5e',
  /** Nodes picked with shift-click or shift-drag. */
  grouped: '#facc15',
  overlay: '#64748b',
  fault: '#fb923c',
} as const;

/** Written after a paused node's id (canvas text: an icon font may be missing, words never are). */
export const PAUSED_MARK = '(paused)';

/** Below this on-screen size (px) a label is not drawn: zoomed out, a thousand labels are noise and cost. */
const MIN_LABEL_PX = 7;

/**
 * Below this zoom the graph is drawn in less detail: no arrowheads on links, no labels (see
 * graph-detail.ts). Labels would be smaller than MIN_LABEL_PX there anyway (12 px × 0.45 = 5.4 px).
 */
export const FAR_ZOOM = 0.45;

/** A node's diameter, in graph units. */
export const NODE_SIZE = 34;

/** Traffic through a node, drawn as a glow under it (heat-layer.ts): what the picture says when zoomed out. */
export const HEAT_COLOR = '#f59e0b';

const edgeLabel = {
  label: 'data(label)',
  'min-zoomed-font-size': MIN_LABEL_PX,
  'font-size': 10,
  color: '#fed7aa',
  'text-background-color': '#0f172a',
  'text-background-opacity': 0.85,
  'text-background-padding': '2px',
} as const;

/** The graph's style; `far` leaves arrowheads, outlines and node labels off (level of detail when zoomed out). */
export const graphStylesheetFor = (detail: 'near' | 'far'): StylesheetJson => [
  {
    selector: 'node',
    style: {
      'background-color': STATUS_COLORS.alive,
      label: 'data(label)',
      'min-zoomed-font-size': MIN_LABEL_PX,
      color: '#e2e8f0',
      'font-size': 12,
      'text-valign': 'bottom',
      'text-margin-y': 6,
      'text-wrap': 'wrap',
      width: NODE_SIZE,
      height: NODE_SIZE,
      'border-width': 2,
      'border-color': '#0f172a',
    },
  },
  // Zoomed out a node is a few pixels wide: its outline is not seen, and drawing it is a stroke per node per frame.
  // Its label would be under MIN_LABEL_PX there and not drawn, but Cytoscape still measures every
  // label's text for the node's box (most of the first draw's label work at 1,000 nodes): no label at all.
  ...(detail === 'far' ? [{ selector: 'node', style: { 'border-width': 0, label: '' } }] : []),
  // A node's heat (traffic through it) is drawn under the graph, not by Cytoscape: heat-layer.ts.
  { selector: 'node[kind = "classic"]', style: { 'background-color': STATUS_COLORS.classic } },
  { selector: 'node[status = "suspect"]', style: { 'background-color': STATUS_COLORS.suspect } },
  { selector: 'node[status = "dead"]', style: { 'background-color': STATUS_COLORS.dead, opacity: 0.55 } },
  { selector: 'node.cut', style: { 'underlay-color': MARK_COLORS.cut, 'underlay-padding': 10, 'underlay-opacity': 0.35, 'underlay-shape': 'ellipse' } },
  { selector: 'node.paused', style: { 'border-style': 'double', 'border-width': 6, 'border-color': MARK_COLORS.paused } },
  { selector: 'node.faulty', style: { color: '#fed7aa' } },
  {
    selector: 'node.grouped',
    style: { 'outline-width': 3, 'outline-color': MARK_COLORS.grouped, 'outline-offset': 4, 'outline-style': 'dashed', 'outline-opacity': 1 },
  },
  { selector: 'node.from', style: { 'border-color': '#38bdf8', 'border-width': 4 } },
  { selector: 'node.to', style: { 'border-color': '#f472b6', 'border-width': 4 } },
  // The keyboard's cursor (arrow keys on the focused graph).
  { selector: 'node.cursor', style: { 'overlay-color': '#e2e8f0', 'overlay-opacity': 0.3, 'overlay-padding': 8, 'overlay-shape': 'ellipse' } },
  {
    selector: 'edge.overlay',
    style: {
      width: 1.5,
      'line-color': MARK_COLORS.overlay,
      'target-arrow-color': MARK_COLORS.overlay,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.6,
      'curve-style': 'bezier',
      opacity: 0.8,
    },
  },
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
  // Idle for a few seconds: about to leave the graph (see link-layer.ts).
  { selector: 'edge.link.idle', style: { opacity: 0.2 } },
  // A message on it failed lately: it stands out even when its animation was not played.
  { selector: 'edge.link.failing', style: { 'line-color': MESSAGE_COLORS.failed, 'target-arrow-color': MESSAGE_COLORS.failed, opacity: 0.9 } },
  // Only claimed senders (a course node that reports nothing, or a made-up one): drawn, but dashed.
  { selector: 'edge.link.unverified', style: { 'line-style': 'dashed', 'line-dash-pattern': [4, 4] } },
  {
    selector: 'edge.fault',
    style: {
      ...edgeLabel,
      width: 2,
      'line-color': MARK_COLORS.fault,
      'target-arrow-color': MARK_COLORS.fault,
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'bezier',
      'line-style': 'dotted',
    },
  },
  {
    selector: 'edge.cut',
    style: { 'line-color': MARK_COLORS.cut, 'target-arrow-color': MARK_COLORS.cut, 'line-style': 'dashed', 'line-dash-pattern': [6, 4], opacity: 0.9 },
  },
  // A moving message is drawn by message-canvas.ts; its edge here is invisible, there to be hovered
  // (a straight haystack: it bends no link beside it, and changing it redraws nothing: message-layer.ts).
  { selector: 'edge.message', style: { 'curve-style': 'haystack', width: 8, opacity: 0, 'z-index': 10 } },
  ...(detail === 'far' ? [{ selector: 'edge.link, edge.overlay', style: { 'target-arrow-shape': 'none' as const } }] : []),
  // The message pointed at in the space-time diagram or the message log (graph-highlight.ts).
  { selector: 'edge.highlight', style: { 'line-color': HIGHLIGHT_COLOR, 'target-arrow-color': HIGHLIGHT_COLOR, width: 6, opacity: 1, 'z-index': 20 } },
  { selector: 'node.highlight-end', style: { 'border-color': HIGHLIGHT_COLOR, 'border-width': 5 } },
  // A message pointed at is lit on the message canvas, not here.
  { selector: 'edge.message.highlight', style: { opacity: 0 } },
];

/** The message pointed at, on the graph, in the space-time diagram and in the message log. */
export const HIGHLIGHT_COLOR = '#facc15';

export const graphStylesheet: StylesheetJson = graphStylesheetFor('near');

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
