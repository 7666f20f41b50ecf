import type { Core } from 'cytoscape';
import type { NetworkClient } from './network-client';
import type { PeerscopeTestHook } from './test-hook-types';

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
