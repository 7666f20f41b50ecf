import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { NetworkSnapshotSchema, type TelemetryEvent } from '@peerscope/protocol';
import { NetworkView } from '../src/index.js';
import { T0, registered } from './fixtures.js';

const summary = (from: string, to: string, sent: number, received: number, failed: number): TelemetryEvent => ({
  type: 'messages:summarised',
  from,
  to,
  since: T0,
  at: T0 + 1,
  sent,
  received,
  delivered: sent,
  failed,
  source: from,
});

test('summaries with any counts the protocol takes keep a picture the wire schema takes: totals stop at the largest safe integer', () => {
  const countArb = fc.oneof(fc.nat(1_000), fc.constant(Number.MAX_SAFE_INTEGER), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
  const ends = fc.constantFrom('node1', 'node2', 'http://127.0.0.1:9');
  fc.assert(
    fc.property(fc.array(fc.tuple(ends, ends, countArb, countArb, countArb), { minLength: 1, maxLength: 12 }), (summaries) => {
      const view = new NetworkView();
      for (const id of ['node1', 'node2']) view.apply(registered(id));
      for (const [from, to, sent, received, failed] of summaries) view.apply(summary(from, to, sent, received, failed));
      const parsed = NetworkSnapshotSchema.safeParse(JSON.parse(JSON.stringify(view.snapshot('e', 1))));
      assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0]));
    }),
    { numRuns: 300 },
  );
});
