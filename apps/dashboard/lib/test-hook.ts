import type { Core } from 'cytoscape';
import type { NetworkClient } from './network-client';

/** What end-to-end tests and benchmarks read, since a canvas cannot be read from the DOM. */
export interface PeerscopeTestHook {
  nodes(): Array<{ id: string; status: string; kind: string }>;
  edges(): string[];
  links(): Array<{ id: string; heat: number }>;
  /** Where a node is drawn, in CSS pixels from the graph container's top-left corner: for clicking it. */
  position(id: string): { x: number; y: number } | undefined;
  /** When (performance.now() plus timeOrigin, in epoch ms) each message's animation started. */
  animations: Record<string, number>;
  seq(): number;
  counters(): unknown;
}

declare global {
  interface Window {
    __peerscope?: PeerscopeTestHook;
  }
}

const MAX_TRACKED = 5_000;

export function installTestHook(cy: Core, client: NetworkClient) {
  const animations: Record<string, number> = {};
  const order: string[] = [];
  window.__peerscope = {
    nodes: () => cy.nodes().map((n) => ({ id: n.id(), status: n.data('status') as string, kind: n.data('kind') as string })),
    edges: () => cy.edges().map((e) => e.id()),
    links: () => cy.edges('.link').map((e) => ({ id: e.id(), heat: e.data('heat') as number })),
    position: (id) => {
      const node = cy.getElementById(id);
      return node.nonempty() ? node.renderedPosition() : undefined;
    },
    animations,
    seq: () => client.lastSeq,
    counters: () => client.view?.counters,
  };
  return {
    animationStarted(messageId: string) {
      animations[messageId] = performance.timeOrigin + performance.now();
      order.push(messageId);
      if (order.length > MAX_TRACKED) delete animations[order.shift()!];
    },
    uninstall() {
      delete window.__peerscope;
    },
  };
}
