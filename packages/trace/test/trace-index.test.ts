import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { seekStart, TraceScanner } from '../src/index.js';

const T0 = 1_700_000_000_000;

/** A trace as the hub writes it: header, snapshot, then events with a snapshot every `every`. */
function traceText(events: number, every: number): { text: string; marks: Array<{ seq: number; at: number; offset: number }> } {
  let text = '{"type":"header","format":1,"protocol":3,"session":"s","startedAt":1,"runtime":null,"texts":true,"segment":1}\n';
  const marks: Array<{ seq: number; at: number; offset: number }> = [];
  const snapshot = (seq: number) => {
    marks.push({ seq, at: T0 + seq * 10, offset: new TextEncoder().encode(text).length });
    text += `{"type":"snapshot","seq":${seq},"at":${T0 + seq * 10},"snapshot":{"nodes":["é"]}}\n`;
  };
  snapshot(0);
  for (let seq = 1; seq <= events; seq++) {
    text += `{"type":"event","seq":${seq},"at":${T0 + seq * 10},"event":{"text":"ü ${'x'.repeat(seq % 90)}"}}\n`;
    if (seq % every === 0) snapshot(seq);
  }
  return { text, marks };
}

test('the scanner finds every snapshot and the range, whatever the chunks', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 300 }),
      fc.integer({ min: 1, max: 50 }),
      fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1 }),
      (events, every, sizes) => {
        const { text, marks } = traceText(events, every);
        const bytes = new TextEncoder().encode(text);
        const scanner = new TraceScanner();
        for (let at = 0, i = 0; at < bytes.length; i++) {
          const size = sizes[i % sizes.length]!;
          scanner.feed(bytes.subarray(at, at + size));
          at += size;
        }
        const result = scanner.result();
        assert.deepEqual(result.snapshots, marks);
        assert.equal(result.lastSeq, events);
        assert.equal(result.lastAt, T0 + events * 10);
        assert.equal(result.bytes, bytes.length);
      },
    ),
    { numRuns: 200 },
  );
});

test('lines the scanner cannot read are skipped, not trusted', () => {
  const scanner = new TraceScanner();
  scanner.feed(new TextEncoder().encode('garbage\n{"type":"snapshot","seq":x}\n{"type":"snapshot","seq":5,"at":9,"snapshot":{}}\n'));
  assert.deepEqual(
    scanner.result().snapshots.map((m) => m.seq),
    [5],
  );
});

test('a seek starts a little before its target: 30 s or 2,000 events, whichever is nearer', () => {
  const dense = Array.from({ length: 100 }, (_, i) => ({ seq: i * 1_000, at: T0 + i * 50 }));
  // 2,000 events before 50,500 is 48,500: the latest snapshot at or before it is 48,000.
  assert.equal(seekStart(dense, 50_500)?.seq, 48_000);
  const sparse = Array.from({ length: 100 }, (_, i) => ({ seq: i * 10, at: T0 + i * 10_000 }));
  // 30 s before event 505 (about T0 + 505 s) is T0 + 475 s: the snapshot of seq 470.
  assert.equal(seekStart(sparse, 505)?.seq, 470);
  assert.equal(seekStart(sparse, 0)?.seq, 0);
  assert.equal(seekStart([], 10), undefined);
  assert.equal(seekStart([{ seq: 5, at: T0 }], 3), undefined);
});
