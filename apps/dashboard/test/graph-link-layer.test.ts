import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import cytoscape, { type Core } from 'cytoscape';
import { LinkLayer, MAX_HEAT, type LinkLayerLimits } from '../lib/browser/link-layer.js';

const LIMITS: LinkLayerLimits = { fadeAfterMs: 4_000, leaveAfterMs: 10_000, maxDrawn: 3, failureShownMs: 5_000, newPerFrame: 1, newFailingPerFrame: 2 };
const FACTS = { unverified: false, cut: false };

// A Cytoscape instance keeps its animation loop running (and the test process alive) until destroyed.
const graphs: Core[] = [];
afterEach(() => graphs.splice(0).forEach((cy) => cy.destroy()));

function graph(nodes: number): Core {
  const cy = cytoscape({ headless: true, styleEnabled: true });
  graphs.push(cy);
  for (let i = 1; i <= nodes; i++) cy.add({ group: 'nodes', data: { id: `node${i}` } });
  return cy;
}

function layer(cy: Core, limits = LIMITS) {
  const clock = { now: 0 };
  const links = new LinkLayer(cy, () => clock.now, limits);
  const touch = (from: number, to: number, messages = 1, failed = false) =>
    cy.batch(() => {
      links.touch(`node${from}`, `node${to}`, FACTS, messages, failed);
      links.flush();
    });
  const drawn = () =>
    cy
      .edges('.link')
      .map((e) => e.id())
      .sort();
  return { links, clock, touch, drawn };
}

describe('LinkLayer', () => {
  test('draws a link once per pair, with its messages as heat, and not to a node the graph lacks', () => {
    const cy = graph(3);
    const { touch, drawn } = layer(cy);
    touch(1, 2);
    touch(1, 2, 2);
    touch(1, 9);
    assert.deepEqual(drawn(), ['node1->node2']);
    assert.equal(cy.getElementById('node1->node2').data('heat'), 3);
    touch(1, 2, 100);
    assert.equal(cy.getElementById('node1->node2').data('heat'), MAX_HEAT);
  });

  test('past the bound the least recently used link leaves, and the count of links left out grows', () => {
    const cy = graph(5);
    const { links, touch, drawn } = layer(cy);
    touch(1, 2);
    touch(1, 3);
    touch(1, 4);
    touch(1, 2); // now the most recent
    touch(1, 5);
    assert.deepEqual(drawn(), ['node1->node2', 'node1->node4', 'node1->node5']);
    assert.equal(links.size, 3);
    assert.equal(links.evicted, 1);
  });

  test('a link showing a failure is the last to leave', () => {
    const cy = graph(5);
    const { touch, drawn } = layer(cy);
    touch(1, 2, 1, true);
    touch(1, 3);
    touch(1, 4);
    touch(1, 5);
    assert.deepEqual(drawn(), ['node1->node2', 'node1->node4', 'node1->node5']);
    assert.ok(cy.getElementById('node1->node2').hasClass('failing'));
  });

  test('an idle link fades, then leaves; heat cools on each sweep', () => {
    const cy = graph(3);
    const { links, clock, touch, drawn } = layer(cy);
    touch(1, 2, 10);
    touch(2, 3, 1, true);
    clock.now = 1_000;
    links.sweep();
    assert.equal(cy.getElementById('node1->node2').data('heat'), 7);
    assert.ok(!cy.getElementById('node1->node2').hasClass('idle'));
    clock.now = 4_500;
    touch(2, 3);
    links.sweep();
    assert.ok(cy.getElementById('node1->node2').hasClass('idle'));
    // Still within the failure's time: marked failing, not faded.
    assert.ok(cy.getElementById('node2->node3').hasClass('failing'));
    clock.now = 10_000;
    links.sweep();
    assert.deepEqual(drawn(), ['node2->node3']);
    assert.ok(!cy.getElementById('node2->node3').hasClass('failing'), 'the failure mark ends after failureShownMs');
  });

  test('node heat: nodes that carry traffic glow in steps, and cool back to none', () => {
    const cy = graph(3);
    const { links, clock, touch } = layer(cy);
    for (let i = 0; i < 20; i++) touch(1, 2);
    touch(2, 3);
    links.sweep();
    assert.equal(links.nodeLevels.get('node1'), 4);
    assert.equal(links.nodeLevels.get('node3'), 1);
    for (let i = 0; i < 30; i++) {
      clock.now += 500;
      links.sweep();
    }
    assert.equal(links.nodeLevels.size, 0, 'no node glows');
  });

  test('one frame draws at most newPerFrame new links (failing ones have their own allowance); the rest still heat their nodes', () => {
    const cy = graph(6);
    const { links, drawn } = layer(cy, { ...LIMITS, maxDrawn: 10 });
    cy.batch(() => {
      links.touch('node1', 'node2', FACTS, 1);
      links.touch('node1', 'node3', FACTS, 1);
      links.touch('node1', 'node4', FACTS, 1, true);
      links.touch('node1', 'node5', FACTS, 1, true);
      links.touch('node1', 'node6', FACTS, 1, true);
      links.touch('node1', 'node2', FACTS, 1);
      links.flush();
    });
    assert.deepEqual(drawn(), ['node1->node2', 'node1->node4', 'node1->node5']);
    assert.equal(links.undrawn, 2);
    links.sweep();
    assert.equal(links.nodeLevels.get('node6'), 1, 'a node on an undrawn link still glows');
    cy.batch(() => {
      links.touch('node1', 'node3', FACTS, 1);
      links.flush();
    });
    assert.ok(drawn().includes('node1->node3'), 'the next frame has a fresh budget');
  });

  test('a redraw restores recent links outside the budget', () => {
    const cy = graph(4);
    const { links, drawn } = layer(cy);
    cy.batch(() => {
      for (const to of [2, 3, 4]) links.restore('node1', `node${to}`, FACTS);
      links.flush();
    });
    assert.deepEqual(drawn(), ['node1->node2', 'node1->node3', 'node1->node4']);
  });

  test('a removed node takes its links with it, and the layer forgets them at the next sweep', () => {
    const cy = graph(3);
    const { links, touch, drawn } = layer(cy);
    touch(1, 2);
    touch(2, 3);
    cy.getElementById('node1').remove();
    links.sweep();
    assert.equal(links.size, 1);
    assert.deepEqual(drawn(), ['node2->node3']);
  });
});
