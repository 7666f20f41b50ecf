import assert from 'node:assert/strict';
import test from 'node:test';
import type { TelemetryEvent } from '@peerscope/protocol';
import { ReceiptLedger } from './support/receipts.js';
import { checks, deliveredBounds, type SoakFigures } from './support/verdict.js';

const message = (type: 'message:received' | 'message:delivered', id: string, from: string, extra: object = {}) =>
  ({
    type,
    id,
    from,
    to: 'node9',
    at: 1,
    source: type === 'message:received' ? 'node9' : from,
    text: 't',
    latencyMs: 1,
    ...extra,
  }) as unknown as TelemetryEvent;

test('receipts: a message received from a crashed sender that never reported its end counts as lost to the crash, and nothing else does', () => {
  const ledger = new ReceiptLedger();
  ledger.observe(message('message:received', 'm1', 'node1')); // node1 crashed before reporting
  ledger.observe(message('message:received', 'm2', 'node1'));
  ledger.observe(message('message:delivered', 'm2', 'node1')); // reported after all
  ledger.observe(message('message:delivered', 'm3', 'node2'));
  ledger.observe(message('message:received', 'm3', 'node2')); // the receipt after the sender's word
  ledger.observe(message('message:received', 'm4', 'node2')); // node2 was not crashed: not excused
  ledger.observe(message('message:received', 'g1', 'node1', { gossip: { id: 'g1', origin: 'node1', hop: 1 } }));
  ledger.observe(message('message:received', 'd1', 'node1', { duplicate: true }));
  assert.equal(ledger.unsettledFrom(new Set(['node1'])), 1);
  assert.equal(ledger.unsettledFrom(new Set(['node1', 'node2'])), 2);
  assert.equal(ledger.unsettledFrom(new Set()), 0);
});

test("verdict: delivered must equal the generator's, give or take only unanswered sends and crash losses", () => {
  const counters = (delivered: number) => ({ sent: 100, delivered, failed: 0, received: delivered });
  const figures = (hubDelivered: number, unanswered: number, lost: number): SoakFigures => ({
    generator: { running: false, request: null, startedAt: null, sent: 100, delivered: 90, failed: 10, unanswered },
    hub: { counters: counters(hubDelivered), seq: 5, duplicates: 0, missing: 0, lostWithCrashedSender: lost },
    pages: [],
    status: [],
    crashes: [],
    partKills: [],
    expectedPartKills: 0,
    leftovers: [],
    launcherHung: false,
    machine: { cpu: {}, loadBefore: 0, loadAfter: 0, slowPolls: [], failedPolls: 0 },
  });
  const hubCheck = (f: SoakFigures) => checks(f).find((c) => c.name.startsWith('the hub counts'))!.ok;
  assert.deepEqual(deliveredBounds(figures(90, 0, 0)), { low: 90, high: 90 });
  assert.equal(hubCheck(figures(90, 0, 0)), true);
  assert.equal(hubCheck(figures(91, 0, 0)), false, 'one counted twice');
  assert.equal(hubCheck(figures(89, 0, 0)), false, 'one lost with no crash to explain it');
  assert.equal(hubCheck(figures(89, 0, 1)), true);
  assert.equal(hubCheck(figures(92, 2, 0)), true);
  assert.equal(hubCheck(figures(93, 2, 0)), false);

  const partsCheck = (f: SoakFigures) => checks(f).find((c) => c.name.startsWith("the killed dashboard's server"))!.ok;
  const killed = (backMs?: number) => ({ part: 'bootstrap' as const, killedAt: 0, ...(backMs === undefined ? { error: 'not back' } : { backMs }) });
  assert.equal(partsCheck({ ...figures(90, 0, 0), expectedPartKills: 2, partKills: [killed(2_000), killed(3_000)] }), true);
  assert.equal(partsCheck({ ...figures(90, 0, 0), expectedPartKills: 2, partKills: [killed(2_000), killed()] }), false, 'one did not come back');
  assert.equal(partsCheck({ ...figures(90, 0, 0), expectedPartKills: 2, partKills: [killed(2_000)] }), false, 'one was never killed');
});
