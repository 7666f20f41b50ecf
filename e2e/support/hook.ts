/**
 * The dashboard's test door, `window.__peerscope` (apps/dashboard/lib/test-hook.ts), as the specs
 * see it. Mirrored here because that file needs the DOM's types, which the Node-side tests lack.
 */
export interface PeerscopeTestHook {
  nodes(): GraphNode[];
  edges(): string[];
  links(): Array<{ id: string; heat: number }>;
  position(id: string): { x: number; y: number } | undefined;
  animations: Record<string, number>;
  seq(): number;
  counters(): unknown;
}

export interface GraphNode {
  id: string;
  status: string;
  kind: string;
}

/** What `page.evaluate` callbacks cast `globalThis` to. */
export interface HookHost {
  __peerscope?: PeerscopeTestHook;
  requestAnimationFrame(callback: () => void): number;
}
