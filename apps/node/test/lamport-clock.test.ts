import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LamportClock } from '../src/lamport-clock.js';

describe('LamportClock', () => {
  test('a receipt takes max(local, carried) + 1', () => {
    const clock = new LamportClock();
    assert.equal(clock.tick(), 1);
    assert.equal(clock.tick(), 2);
    assert.equal(clock.receive(10), 11, 'behind the sender: catches up past it');
    assert.equal(clock.receive(3), 12, 'ahead of the sender: moves on by one');
    assert.equal(clock.receive(12), 13, 'level with the sender: one past it');
    assert.equal(clock.receive(undefined), 14, 'a course message carries none: a local tick');
    assert.equal(clock.now, 14);
  });

  test('a fresh clock starts at 0 and its first event is 1', () => {
    assert.equal(new LamportClock().now, 0);
    assert.equal(new LamportClock().receive(0), 1);
  });

  test('a hostile clock saturates at Number.MAX_SAFE_INTEGER instead of leaving the safe integers', () => {
    const clock = new LamportClock();
    assert.equal(clock.receive(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    assert.equal(clock.tick(), Number.MAX_SAFE_INTEGER);
    assert.ok(Number.isSafeInteger(clock.now));
  });

  test('monotonic: every event of one clock is above the one before, whatever it receives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.nat({ max: 1_000_000 }), { nil: undefined }), { maxLength: 200 }),
        fc.array(fc.boolean(), { maxLength: 200 }),
        (carried, kinds) => {
          const clock = new LamportClock();
          let last = clock.now;
          kinds.forEach((isReceipt, i) => {
            const time = isReceipt ? clock.receive(carried[i % Math.max(1, carried.length)]) : clock.tick();
            assert.ok(time > last, `${time} after ${last}`);
            last = time;
          });
        },
      ),
    );
  });

  /**
   * Random schedules of sends and receipts among a few nodes: messages are taken from the
   * in-flight set in any order (the network reorders), some never arrive. For every message
   * received, its send's time is below its receipt's; on each node, events are strictly increasing.
   */
  test('property: over any schedule, every send is below its receipt', () => {
    const NODES = 5;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), from: fc.nat({ max: NODES - 1 }), to: fc.nat({ max: NODES - 1 }) }),
      fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('local' as const), node: fc.nat({ max: NODES - 1 }) }),
      fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), (schedule) => {
        const clocks = Array.from({ length: NODES }, () => new LamportClock());
        const lastOf = Array.from({ length: NODES }, () => 0);
        const inFlight: Array<{ to: number; sent: number }> = [];
        const pairs: Array<{ sent: number; received: number }> = [];
        const record = (node: number, time: number) => {
          assert.ok(time > lastOf[node]!, `node ${node}: ${time} after ${lastOf[node]}`);
          lastOf[node] = time;
          return time;
        };
        for (const s of schedule) {
          if (s.kind === 'send') inFlight.push({ to: s.to, sent: record(s.from, clocks[s.from]!.tick()) });
          else if (s.kind === 'local') record(s.node, clocks[s.node]!.tick());
          else if (inFlight.length > 0) {
            const [message] = inFlight.splice(s.pick % inFlight.length, 1);
            if (s.kind === 'deliver') pairs.push({ sent: message!.sent, received: record(message!.to, clocks[message!.to]!.receive(message!.sent)) });
          }
        }
        for (const { sent, received } of pairs) assert.ok(sent < received, `sent at ${sent}, received at ${received}`);
      }),
      { numRuns: 500 },
    );
  });
});
