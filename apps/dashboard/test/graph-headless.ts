import { afterEach } from 'node:test';
import cytoscape, { type Core } from 'cytoscape';
import { graphStylesheet } from '../lib/browser/graph-style.js';

// A Cytoscape instance keeps its animation loop running (and the test process alive) until destroyed.
const graphs: Core[] = [];
afterEach(() => graphs.splice(0).forEach((cy) => cy.destroy()));

/** A headless graph with the dashboard's stylesheet and `nodes` nodes (node1…), destroyed after the test. */
export function headlessGraph(nodes: number): Core {
  const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStylesheet });
  graphs.push(cy);
  for (let i = 1; i <= nodes; i++) cy.add({ group: 'nodes', data: { id: `node${i}` } });
  return cy;
}
