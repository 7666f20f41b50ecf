import type { PeerscopeTestHook } from '../../apps/dashboard/lib/common/test-hook-types.js';

export type { GossipCoverage, GraphEdge, GraphNode, PeerscopeTestHook } from '../../apps/dashboard/lib/common/test-hook-types.js';

/** What `page.evaluate` callbacks cast `globalThis` to. */
export interface HookHost {
  __peerscope?: PeerscopeTestHook;
  requestAnimationFrame(callback: () => void): number;
}
