/** A node as the graph draws it. */
export interface GraphNode {
  id: string;
  status: string;
  kind: string;
}

/**
 * What end-to-end tests and benchmarks read through `window.__peerscope`, since a canvas cannot
 * be read from the DOM. Kept free of DOM types so Node-side tests can import it.
 */
export interface PeerscopeTestHook {
  nodes(): GraphNode[];
  edges(): string[];
  links(): Array<{ id: string; heat: number }>;
  /** Where a node is drawn, in CSS pixels from the graph container's top-left corner: for clicking it. */
  position(id: string): { x: number; y: number } | undefined;
  /** When (epoch ms) each message's animation started. */
  animations: Record<string, number>;
  seq(): number;
  counters(): unknown;
}
