import type { Core } from 'cytoscape';
import type { NetworkClient } from './network-client';
import type { PeerscopeTestHook } from '../common/test-hook-types';
import { coverage } from '@peerscope/network-view';

declare global {
  interface Window {
    __peerscope?: PeerscopeTestHook;
  }
}

const MAX_TRACKED = 5_000;

// The page says in its HTML whether its server runs with the test hook (PEERSCOPE_TEST_HOOK=1):
// the graph installs it from an effect, and a mark in the server-rendered page is there before it.
const MARK = 'data-test-hook';

/** The attribute the page's root carries when the test hook is on. */
export const testHookMark = (enabled: boolean) => (enabled ? { [MARK]: 'on' } : {});

/** What the graph holds when the hook is off: nothing recorded, nothing on `window`. */
const ABSENT = { animationShown() {}, messagesDrawn() {}, uninstall() {} };

const classesOf = (element: { classes(): string[] | string }) => {
  const classes = element.classes();
  return Array.isArray(classes) ? classes : classes.split(/\s+/).filter(Boolean);
};

/** Parts of the hook other panels add (the space-time diagram), kept across the graph's (re)installs. */
type HookPart = Partial<Pick<PeerscopeTestHook, 'diagram' | 'revealArrow' | 'diagramStats'>>;
const parts: HookPart = {};

/** Adds a panel's part to `window.__peerscope` (when the hook is on); returns its removal. */
export function installTestHookPart(part: HookPart): () => void {
  if (!document.querySelector(`[${MARK}="on"]`)) return () => undefined;
  Object.assign(parts, part);
  if (window.__peerscope) Object.assign(window.__peerscope, part);
  return () => {
    for (const key of Object.keys(part) as Array<keyof HookPart>) {
      delete parts[key];
      if (window.__peerscope) delete window.__peerscope[key];
    }
  };
}

/** Exposes the graph and the picture on `window.__peerscope`, when the page's server asks for it. */
export function installTestHook(cy: Core, client: NetworkClient, group: () => string[], cursor: () => string | undefined) {
  if (!document.querySelector(`[${MARK}="on"]`)) return ABSENT;
  const animations: Record<string, number> = {};
  const order: string[] = [];
  const draws = countDraws(cy);
  window.__peerscope = {
    nodes: () =>
      cy.nodes().map((n) => ({
        id: n.id(),
        status: n.data('status') as string,
        kind: n.data('kind') as string,
        classes: classesOf(n),
        label: (n.data('label') as string | undefined) ?? n.id(),
      })),
    edges: () => cy.edges().map((e) => e.id()),
    edgeDetails: () =>
      cy.edges().map((e) => ({
        id: e.id(),
        source: e.data('source') as string,
        target: e.data('target') as string,
        classes: classesOf(e),
        label: (e.data('label') as string | undefined) ?? '',
      })),
    links: () => cy.edges('.link').map((e) => ({ id: e.id(), heat: e.data('heat') as number })),
    position: (id) => {
      const node = cy.getElementById(id);
      return node.nonempty() ? node.renderedPosition() : undefined;
    },
    edgePosition: (id) => {
      const edge = cy.getElementById(id);
      return edge.nonempty() && edge.isEdge() ? edge.renderedMidpoint() : undefined;
    },
    animations,
    group: () => [...group()],
    cursor,
    gossip: (id) => {
      const view = client.view;
      const gossip = id ? view?.gossips.get(id) : [...(view?.gossips.values() ?? [])].at(-1);
      if (!view || !gossip) return undefined;
      const hops = [...view.messages.values()].flatMap((m) => (m.gossip?.id === gossip.id ? [{ id: m.id, hop: m.gossip.hop, status: m.status }] : []));
      const { reached, alive, full } = coverage(gossip);
      return { id: gossip.id, origin: gossip.origin, reached, alive, full, maxHop: gossip.maxHop, duplicates: gossip.duplicates, hops };
    },
    activity: () => client.view?.activity.map((e) => e.text) ?? [],
    seq: () => client.lastSeq,
    counters: () => client.view?.counters,
    renders: () => draws.count,
    nodeLayerRenders: () => draws.nodeLayer,
    drawTimes: () => draws.times.slice(),
    ...parts,
  };
  return {
    /** A message's animation was first drawn (message-animator.ts): `animations[id]` is when a person could first see it. */
    animationShown(messageId: string) {
      animations[messageId] = performance.timeOrigin + performance.now();
      order.push(messageId);
      if (order.length > MAX_TRACKED) delete animations[order.shift()!];
    },
    /** The message canvas drew a frame (message-canvas.ts): a frame of the graph's too. */
    messagesDrawn() {
      draws.frameDrawn();
    },
    uninstall() {
      draws.stop();
      delete window.__peerscope;
    },
  };
}

/**
 * Counts the animation frames in which the graph drew: Cytoscape drew (its `render` event fires
 * only on the canvas path, as the WebGL renderer replaces the function that emits it, so the
 * renderer's own draw call is counted), or the message canvas did (message-canvas.ts), or both
 * (counted once). And, apart, Cytoscape's draws that repaint its node layer (every node) rather
 * than only the layer of links (see message-layer.ts).
 */
function countDraws(cy: Core): { readonly count: number; readonly nodeLayer: number; readonly times: DrawTime[]; frameDrawn(): void; stop(): void } {
  const renderer = (cy as unknown as { renderer(): DrawingRenderer }).renderer();
  const draw = renderer.render;
  // Every callback of one animation frame sees the same timeline time: a second draw in it is the same frame.
  let lastFrame: number | null | undefined;
  const counter = {
    count: 0,
    nodeLayer: 0,
    times: [] as DrawTime[],
    frameDrawn() {
      const frame = document.timeline.currentTime as number | null;
      if (frame !== null && frame === lastFrame) return;
      lastFrame = frame;
      counter.count += 1;
    },
    stop: () => (renderer.render = draw),
  };
  renderer.render = function (this: unknown, options?: unknown) {
    counter.frameDrawn();
    const nodeLayer = renderer.data?.canvasNeedsRedraw?.[renderer.NODE ?? -1] === true;
    if (nodeLayer) counter.nodeLayer += 1;
    const started = performance.now();
    try {
      return draw.call(this, options);
    } finally {
      counter.times.push([started, performance.now() - started, nodeLayer ? 1 : 0]);
      if (counter.times.length > 2 * MAX_DRAW_TIMES) counter.times.splice(0, counter.times.length - MAX_DRAW_TIMES);
    }
  };
  return counter;
}

/** The draws whose times are kept, at least (a few minutes at 60 a second). */
const MAX_DRAW_TIMES = 10_000;
type DrawTime = [at: number, ms: number, nodeLayer: 0 | 1];

interface DrawingRenderer {
  render: (options?: unknown) => unknown;
  /** The canvas renderer's node layer index, and which layers are marked for redrawing. */
  NODE?: number;
  data?: { canvasNeedsRedraw?: boolean[] };
}
