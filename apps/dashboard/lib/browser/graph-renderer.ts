import cytoscape, { type Core, type StylesheetJson } from 'cytoscape';

export type GraphRenderer = 'canvas' | 'webgl';

/** The page's background (Tailwind slate-950): WebGL draws label textures onto it. */
const BACKGROUND_RGB: [number, number, number] = [2, 6, 23];

/**
 * Which renderer draws the graph: `?renderer=canvas|webgl` in the page's address, else the
 * default, which bench:ui-scale chose by measurement (see bench/README.md, ui-scale).
 */
export function pickRenderer(): GraphRenderer {
  const asked = new URLSearchParams(window.location.search).get('renderer');
  if (asked === 'canvas' || asked === 'webgl') return asked === 'webgl' && !webglAvailable() ? 'canvas' : asked;
  return 'canvas';
}

function webglAvailable(): boolean {
  try {
    return document.createElement('canvas').getContext('webgl2') !== null;
  } catch {
    return false;
  }
}

/** A Cytoscape instance in `container`, driven directly (no React state): the page's graph. */
export function createGraph(container: HTMLElement, renderer: GraphRenderer, style: StylesheetJson): Core {
  return cytoscape({
    container,
    style,
    layout: { name: 'preset' },
    // Low enough to fit a thousand nodes on screen (the spiral layout spans ~4,500 px then).
    minZoom: 0.02,
    maxZoom: 3,
    // Panning stays on a plain drag; a drag with shift (or ctrl) draws a selection box.
    boxSelectionEnabled: true,
    autounselectify: true,
    ...(renderer === 'webgl' && { webgl: true, webglBgColor: BACKGROUND_RGB }),
  } as cytoscape.CytoscapeOptions);
}
