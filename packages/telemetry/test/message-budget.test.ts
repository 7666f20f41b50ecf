import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReportedEvent } from '@peerscope/protocol';
import { MAX_SUMMARY_LINKS, MessageBudget } from '../src/message-budget.js';

const T0 = 1_700_000_000_000;
const received = (i: number, at: number, from = 'node1'): ReportedEvent => ({ type: 'message:received', id: `m${i}`, from, to: 'node2', text: 'hi', at });

test('within the budget every message event travels on its own; past it, the rest of the second is counted per link', () => {
  const budget = new MessageBudget(3);
  const admitted = Array.from({ length: 5 }, (_, i) => budget.admit(received(i, T0 + i)));
  assert.deepEqual(admitted, [true, true, true, false, false]);
  const delivered: ReportedEvent = { type: 'message:delivered', id: 'm9', from: 'node2', to: 'node3', latencyMs: 1, at: T0 + 7 };
  assert.equal(budget.admit(delivered), false);
  assert.deepEqual(budget.drain(), [
    { type: 'messages:summarised', from: 'node1', to: 'node2', since: T0 + 3, at: T0 + 4, sent: 0, received: 2, delivered: 0, failed: 0 },
    { type: 'messages:summarised', from: 'node2', to: 'node3', since: T0 + 7, at: T0 + 7, sent: 0, received: 0, delivered: 1, failed: 0 },
  ]);
  assert.deepEqual(budget.drain(), [], 'counting starts afresh');
  // A new second, a new budget.
  assert.equal(budget.admit(received(10, T0 + 1_000)), true);
});

test('events that are not plain messages always travel on their own', () => {
  const budget = new MessageBudget(0);
  const always: ReportedEvent[] = [
    { type: 'node:stopping', nodeId: 'node1', at: T0 },
    { type: 'message:sent', id: 'b1', from: 'node1', to: 'node2', text: 'x', broadcastId: 'b', at: T0 },
    { type: 'message:sent', id: 'g1', from: 'node1', to: 'node2', text: 'x', gossip: { id: 'g', origin: 'node1', hop: 1 }, at: T0 },
    { type: 'message:received', id: 'g1', from: 'node1', to: 'node2', text: 'x', gossip: { id: 'g', origin: 'node1', hop: 1 }, duplicate: true, at: T0 },
  ];
  for (const event of always) assert.equal(budget.admit(event), true, event.type);
  assert.equal(budget.admit(received(1, T0)), false);
});

test("an attacker's flood of made-up senders past the budget: the summaries hold at most MAX_SUMMARY_LINKS links, the rest travel on their own", () => {
  const budget = new MessageBudget(1);
  budget.admit(received(0, T0));
  const admitted = Array.from({ length: MAX_SUMMARY_LINKS + 500 }, (_, i) => budget.admit(received(i + 1, T0 + 1, `sender-${i}`)));
  assert.equal(admitted.filter((travels) => !travels).length, MAX_SUMMARY_LINKS);
  assert.equal(admitted.filter((travels) => travels).length, 500, 'none is lost: past the bound they travel one by one');
  // A link already counted keeps being counted.
  assert.equal(budget.admit(received(99_999, T0 + 2, 'sender-0')), false);
  assert.equal(budget.drain().length, MAX_SUMMARY_LINKS);
});
