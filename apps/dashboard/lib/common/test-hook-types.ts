/** A node as the graph draws it. */
export interface GraphNode {
  id: string;
  status: string;
  kind: string;
  /** Cytoscape classes: `paused`, `cut` (inside a partition), `grouped` (selected for one), `from`, `to`. */
  classes: string[];
  label: string;
}

/** An edge as the graph draws it: `link` (messages used it), `overlay`, `fault`, `message`; `cut` across a partition. */
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
  /** When (epoch ms) each message's animation started. */
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
  /** How many times Cytoscape has redrawn the graph (its `render` events): its own frame count. */
  renders(): number;
}
