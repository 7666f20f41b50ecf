import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headlessGraph } from './graph-headless.js';
import { MessageAnimator, type Outcome } from '../lib/browser/message-animator.js';
import { drawMessagesApart, inMessageLayer, intoMessageLayer } from '../lib/browser/message-layer.js';
import { LinkLayer } from '../lib/browser/link-layer.js';

// The renderer's side (only message-layer changes leave the node layer alone) needs a browser:
// e2e/graph-layers.spec.ts. Here: which elements are placed in the message layer.

const outcome = (id: string): Outcome =>
  ({ type: 'message:delivered', id, from: 'node1', to: 'node2', at: 0, source: 'test', latencyMs: 1 }) as unknown as Outcome;

describe('message layer', () => {
  test("a message's (invisible) edge and the links are in the message layer; nodes and the lab's marks stay in the node layer", () => {
    const cy = headlessGraph(2);
    const links = new LinkLayer(cy);
    cy.batch(() => {
      links.touch('node1', 'node2', { unverified: false, cut: false }, 1);
      links.flush();
    });
    const link = cy.getElementById('node1->node2');
    const overlay = cy.add({ group: 'edges', data: { id: 'overlay:node2->node1', source: 'node2', target: 'node1' }, classes: 'overlay' });
    const frames: Array<() => void> = [];
    const animator = new MessageAnimator(
      cy,
      () => undefined,
      () => false,
      () => undefined,
      { request: (run) => frames.push(run), cancel: () => undefined },
    );
    assert.equal(animator.play(outcome('msg1')), true);
    const message = cy.edges('.message');
    assert.equal(message.length, 1);
    assert.equal(inMessageLayer(message[0]!), true);
    assert.equal(inMessageLayer(link), true, 'links change with every sweep');
    assert.equal(inMessageLayer(overlay), false);
    assert.equal(cy.nodes().some(inMessageLayer), false);
  });

  test('intoMessageLayer marks an element; drawMessagesApart leaves a graph without a canvas renderer alone', () => {
    const cy = headlessGraph(1);
    const node = cy.getElementById('node1');
    assert.equal(inMessageLayer(node), false);
    intoMessageLayer(node);
    assert.equal(inMessageLayer(node), true);
    const undo = drawMessagesApart(cy);
    assert.equal(typeof undo, 'function');
    undo();
  });
});
