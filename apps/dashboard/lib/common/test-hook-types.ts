/** A node as the graph draws it. */
export interface GraphNode {
  id: string;
  status: string;
  kind: string;
  /** Cytoscape classes: `paused`, `cut` (inside a partition), `grouped` (selected for one), `from`, `to`. */
  classes: string[];
  label: string;
}

/** An edge as the graph draws it: `link` (messages used it), `overlay`, `fault`, `message` (while it moves: drawn by the message canvas); `cut` across a partition. */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  classes: string[];
  label: string;
}

/** One gossip's coverage as the page's picture has it. */
export interface GossipCoverage {
  id: string;
  origin: string;
  reached: number;
  alive: number;
  full: boolean;
  maxHop: number;
  duplicates: number;
  /** The hop messages the picture holds: id, hop number, status. */
  hops: Array<{ id: string; hop: number; status: string }>;
}

/** One message as the space-time diagram draws it (coordinates in the diagram, y growing downwards). */
export interface DiagramArrow {
  id: string;
  from: string;
  to: string;
  /** `failed` ends in a cross on the sender's side; `in-flight` runs on to the bottom. */
  state: 'delivered' | 'received' | 'failed' | 'in-flight';
  kind: 'plain' | 'gossip' | 'broadcast';
  gossipId?: string;
  error?: { code: string; message: string };
  /** The end with no lifeline in the diagram: the arrow is a stub on the other end's lifeline. */
  offDiagram?: 'from' | 'to';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lamport: { sent?: number; received?: number };
  highlighted: boolean;
}

/** What the space-time diagram draws: for tests, as the graph's nodes and edges are. */
export interface DiagramPicture {
  order: 'wall' | 'logical';
  following: boolean;
  lifelines: Array<{ node: string; x: number }>;
  arrows: DiagramArrow[];
  /** Crashes, pauses, restarts, partitions, on their lifelines. */
  marks: Array<{ node: string; kind: string; text: string; y: number }>;
}

/**
 * What end-to-end tests and benchmarks read through `window.__peerscope`, since a canvas cannot
 * be read from the DOM. Kept free of DOM types so Node-side tests can import it.
 */
export interface PeerscopeTestHook {
  nodes(): GraphNode[];
  edges(): string[];
  edgeDetails(): GraphEdge[];
  links(): Array<{ id: string; heat: number }>;
  /** Where a node is drawn, in CSS pixels from the graph container's top-left corner: for clicking it. */
  position(id: string): { x: number; y: number } | undefined;
  /** Where an edge's middle is drawn, in the same pixels as `position`: for right-clicking it. */
  edgePosition(id: string): { x: number; y: number } | undefined;
  /** When (epoch ms) each message's animation was first drawn. */
  animations: Record<string, number>;
  /** The nodes selected as a group (shift-click, shift-drag). */
  group(): string[];
  /** The node the keyboard's cursor is on (arrow keys on the focused graph). */
  cursor(): string | undefined;
  /** A gossip's coverage, the latest one when no id is given. */
  gossip(id?: string): GossipCoverage | undefined;
  /** The activity log's lines, oldest first. */
  activity(): string[];
  seq(): number;
  counters(): unknown;
  /** How many animation frames the graph has drawn in: Cytoscape redrew (its `render` events) or the moving messages were drawn, or both. */
  renders(): number;
  /** How many of those draws repainted the node layer (every node and link), not only the moving messages. */
  nodeLayerRenders(): number;
  /** The latest draws (at most 10,000): when each began (performance.now()), how long it took (ms), and whether it repainted the node layer (1). */
  drawTimes?(): Array<[at: number, ms: number, nodeLayer: 0 | 1]>;
  /** The space-time diagram's picture, while its panel is open. */
  diagram?: () => DiagramPicture;
  /**
   * Scrolls the diagram so the arrow's middle is in view (it stops following) and says where that
   * middle is, in CSS pixels from the page's top-left corner: for hovering it. Undefined when not drawn.
   */
  revealArrow?: (id: string) => { x: number; y: number } | undefined;
  /** What the diagram has cost since its panel opened: frames drawn, ms of the page's main thread. */
  diagramStats?: () => { draws: number; busyMs: number };
}
