import type { Collection, Core, SingularElementArgument } from 'cytoscape';

/**
 * Links and message edges drawn on a layer of their own. Cytoscape's canvas renderer draws in layers: the
 * node layer (everything, through its texture caches) and, above it, the drag layer (what a
 * person is dragging), and it redraws only a layer marked dirty. But any change to any element
 * marks both, so each frame of a message's animation repainted all 1,000 nodes and their links
 * in software. Here the animated message edges, and the links traffic heats (link-layer.ts), live
 * in the drag layer, and a change that touches only such edges marks only that layer: a frame in
 * which only messages move, or a sweep that only changes links, redraws just them, and Cytoscape
 * still draws (and emits `render`) every such frame. The node layer then changes only when a node
 * does (a join, a status, a mark), so its cached picture (the layered texture cache) is used.
 * A moving message is now drawn by message-canvas.ts: its edge here is invisible (graph-style.ts),
 * so adding, restyling or removing message edges alone redraws no layer at all.
 *
 * This leans on the renderer's internals (cytoscape 3.x canvas renderer: `notify`, `redrawHint`,
 * `rscratch.inDragLayer`, the layered texture cache); `apps/dashboard/test/graph-message-layer.test.ts`
 * and e2e/graph-layers.spec.ts check them, so an upgrade that changes them fails loudly.
 */

/** The edges drawn in the message layer: animated messages and the links that carried traffic lately (link-layer.ts). */
const MESSAGE_LAYER_EDGES = 'edge.message, edge.link';
/** Changes whose only effect is on the elements named: their layer is all that needs drawing again. */
const LOCAL_CHANGES = new Set(['style', 'bounds', 'add', 'remove']);
/** Changes that alter the renderer's z-sorted element list (and so which layer draws what). */
const REORDERING = new Set(['add', 'remove']);
/** A moving message's edge: never drawn by Cytoscape (message-canvas.ts draws the message). */
const isMessageEdge = (element: object) => (element as SingularElementArgument).hasClass('message');

interface ElementInternals {
  _private: { rscratch: { inDragLayer?: boolean; imgLayerCaches?: Record<number, unknown> } };
}

interface CanvasRendererInternals {
  /** Set for Cytoscape's WebGL renderer, which draws both layers in one pass. */
  webgl?: boolean;
  notify(eventName: string, eles?: Collection): void;
  redrawHint(group: 'eles' | 'drag', on: boolean): void;
  redraw(): void;
  invalidateCachedZSortedEles(): void;
  updateCachedGrabbedEles(): void;
  data: { lyrTxrCache?: { invalidateElements(eles: Collection): void } };
}

/**
 * An element's renderer scratch (`ele[0]`: an element is a collection of itself). Typed loosely:
 * Cytoscape's typings give a collection's callbacks collections, though each is one element.
 */
const internals = (element: object) => (element as { 0: ElementInternals })[0]._private.rscratch;

/** Draws `element` in the message layer (Cytoscape's drag layer). Call before it is first drawn, inside the batch that adds it. */
export function intoMessageLayer(element: SingularElementArgument): void {
  internals(element).inDragLayer = true;
}

/** Whether `element` is drawn in the message layer (also true for what a person is dragging). */
export function inMessageLayer(element: SingularElementArgument | object): boolean {
  return internals(element).inDragLayer === true;
}

/** Part of some layered texture (the cached picture of the node layer). */
function inLayerTexture(element: object): boolean {
  const caches = internals(element).imgLayerCaches;
  return caches !== undefined && Object.values(caches).some((layer) => layer);
}

/**
 * Makes changes to message-layer elements redraw only that layer. Does nothing for the WebGL
 * renderer (it draws everything in one pass) or without a renderer (headless). Returns a
 * function that undoes it.
 */
export function drawMessagesApart(cy: Core): () => void {
  const renderer = (cy as unknown as { renderer(): CanvasRendererInternals | undefined }).renderer();
  if (!renderer || renderer.webgl || typeof renderer.notify !== 'function' || typeof renderer.redrawHint !== 'function') return () => undefined;
  const notify = renderer.notify;
  renderer.notify = function (this: CanvasRendererInternals, eventName: string, eles?: Collection) {
    if (!LOCAL_CHANGES.has(eventName) || !eles || eles.empty() || !eles.every(inMessageLayer)) return notify.call(this, eventName, eles);
    if (REORDERING.has(eventName)) renderer.invalidateCachedZSortedEles();
    if (eles.every(isMessageEdge)) return;
    renderer.redrawHint('drag', true);
    renderer.redraw();
  };
  // The node layer's cached picture is dropped (and not used for 250 ms) whenever any element
  // changes; message edges are not in it, so their changes need not drop it.
  const cache = renderer.data.lyrTxrCache;
  const invalidate = cache?.invalidateElements;
  if (cache && invalidate) {
    cache.invalidateElements = function (this: unknown, eles: Collection) {
      const affecting = eles.filter((element) => !inMessageLayer(element) || inLayerTexture(element));
      if (affecting.nonempty()) invalidate.call(this, affecting);
    };
  }
  // Letting go of a dragged node takes every element out of the drag layer: put the message and
  // link edges back (the next draw repaints both layers anyway).
  const onFree = () => {
    cy.edges(MESSAGE_LAYER_EDGES).forEach((edge) => intoMessageLayer(edge));
    renderer.updateCachedGrabbedEles();
  };
  cy.on('free', onFree);
  return () => {
    cy.off('free', onFree);
    renderer.notify = notify;
    if (cache && invalidate) cache.invalidateElements = invalidate;
  };
}
