import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NodeFaultsSchema } from '@peerscope/protocol';
import { Faults, isLost, linkDelayMs } from '../src/faults.js';

const faults = (input: unknown) => {
  const state = new Faults();
  state.replace(NodeFaultsSchema.parse(input));
  return state;
};

test('no faults: nothing is active, nothing is blocked, no link is faulty', () => {
  const state = faults({});
  assert.equal(state.active, false);
  assert.equal(state.isBlockedTo('node2'), false);
  assert.equal(state.linkTo('node2'), undefined);
  assert.deepEqual(state.current(), { blockedTo: [], blockedFrom: [], links: [] });
});

test('a rule naming the peer wins over the rule for every link, whatever their order', () => {
  const state = faults({ links: [{ to: 'node2', latencyMs: 5 }, { lossPct: 50 }] });
  assert.equal(state.active, true);
  assert.deepEqual(state.linkTo('node2'), { latencyMs: 5, jitterMs: 0, lossPct: 0 });
  assert.deepEqual(state.linkTo('node3'), { latencyMs: 0, jitterMs: 0, lossPct: 50 });
});

test('replacing heals what the new state leaves out; later rules for one link win; the applied state is answered', () => {
  const state = new Faults();
  state.replace(NodeFaultsSchema.parse({ blockedTo: ['node2'], blockedFrom: ['node3'] }));
  assert.equal(state.isBlockedTo('node2'), true);
  assert.equal(state.isBlockedFrom('node3'), true);
  const applied = state.replace(
    NodeFaultsSchema.parse({
      blockedTo: ['node4', 'node4'],
      links: [
        { to: 'node2', lossPct: 10 },
        { to: 'node2', lossPct: 20 },
      ],
    }),
  );
  assert.deepEqual(applied, { blockedTo: ['node4'], blockedFrom: [], links: [{ to: 'node2', latencyMs: 0, jitterMs: 0, lossPct: 20 }] });
  assert.equal(state.isBlockedTo('node2'), false);
  assert.equal(state.isBlockedFrom('node3'), false);
  state.replace(NodeFaultsSchema.parse({ links: [{ lossPct: 0 }] }));
  assert.equal(state.active, false, 'an all-zero link rule is a healthy link');
});

test('a link delay is latency ± jitter and never below zero', () => {
  const link = { latencyMs: 100, jitterMs: 30, lossPct: 0 };
  assert.equal(
    linkDelayMs(link, () => 0),
    70,
  );
  assert.equal(
    linkDelayMs(link, () => 0.5),
    100,
  );
  assert.equal(
    linkDelayMs(link, () => 0.999999),
    129.99994,
  );
  assert.equal(
    linkDelayMs({ latencyMs: 10, jitterMs: 50, lossPct: 0 }, () => 0),
    0,
  );
});

test("a message is lost with the link's loss probability", () => {
  assert.equal(
    isLost({ latencyMs: 0, jitterMs: 0, lossPct: 0 }, () => 0),
    false,
  );
  assert.equal(
    isLost({ latencyMs: 0, jitterMs: 0, lossPct: 20 }, () => 0.19),
    true,
  );
  assert.equal(
    isLost({ latencyMs: 0, jitterMs: 0, lossPct: 20 }, () => 0.2),
    false,
  );
  assert.equal(
    isLost({ latencyMs: 0, jitterMs: 0, lossPct: 100 }, () => 0.999),
    true,
  );
});
