import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Delta } from '@peerscope/protocol';
import { Journal } from '../server/hub/journal.js';
import { T0, range } from './helpers.js';

const delta = (seq: number): Delta => ({ seq, event: { type: 'node:stopping', nodeId: `node${seq}`, at: T0 + seq, source: 'test' } });

/** A journal of `capacity` holding deltas 1..`last`. */
function journalUpTo(capacity: number, last: number): Journal {
  const journal = new Journal(capacity);
  for (let seq = 1; seq <= last; seq++) journal.append(delta(seq));
  return journal;
}

const seqs = (deltas: Delta[] | undefined) => deltas?.map((d) => d.seq);

describe('Journal', () => {
  test('since() returns exactly the deltas after seq while they are all held', () => {
    const journal = journalUpTo(10, 7);
    assert.deepEqual(seqs(journal.since(0, 7)), range(1, 7));
    assert.deepEqual(seqs(journal.since(3, 7)), range(4, 7));
    assert.deepEqual(seqs(journal.since(6, 7)), [7]);
    assert.deepEqual(journal.since(3, 7)![0], delta(4));
  });

  test('since() is [] when up to date, including on an empty journal', () => {
    assert.deepEqual(journalUpTo(10, 7).since(7, 7), []);
    assert.deepEqual(new Journal(10).since(0, 0), []);
  });

  test("since() is undefined when seq is ahead (another epoch's numbers)", () => {
    assert.equal(journalUpTo(10, 7).since(8, 7), undefined);
    assert.equal(new Journal(10).since(5, 0), undefined);
  });

  test('after wrapping around: exact deltas back to the oldest held, undefined before it', () => {
    // Capacity 5 holding 1..23: 19..23 are kept.
    const journal = journalUpTo(5, 23);
    assert.deepEqual(seqs(journal.since(18, 23)), range(19, 23));
    assert.deepEqual(seqs(journal.since(20, 23)), [21, 22, 23]);
    assert.deepEqual(seqs(journal.since(22, 23)), [23]);
    assert.deepEqual(journal.since(23, 23), []);
    assert.equal(journal.since(17, 23), undefined, '18 is no longer held');
    assert.equal(journal.since(0, 23), undefined);
    assert.equal(journal.since(24, 23), undefined);
  });

  test('every (seq, current) pair across many wrap positions', () => {
    for (const capacity of [1, 2, 3, 7]) {
      const journal = new Journal(capacity);
      for (let current = 0; current <= 3 * capacity + 2; current++) {
        if (current > 0) journal.append(delta(current));
        const oldest = Math.max(1, current - capacity + 1);
        for (let seq = 0; seq <= current + 2; seq++) {
          const expected = seq > current ? undefined : seq + 1 < oldest ? undefined : range(seq + 1, current);
          assert.deepEqual(seqs(journal.since(seq, current)), expected, `capacity ${capacity}, since(${seq}, ${current})`);
        }
      }
    }
  });

  test('what since() returns is a copy: changing it does not change the journal', () => {
    const journal = journalUpTo(5, 5);
    journal.since(0, 5)!.length = 0;
    assert.deepEqual(seqs(journal.since(0, 5)), range(1, 5));
  });

  test('16 KB messages posted to a node cannot grow it past its byte budget: the oldest go', () => {
    const maxBytes = 1024 * 1024;
    const journal = new Journal(20_000, maxBytes);
    const big = (seq: number): Delta => ({
      seq,
      event: { type: 'message:received', id: `m${seq}`, from: 'mallory', to: 'node2', text: 'x'.repeat(16_384), at: T0, source: 'node2' },
    });
    for (let seq = 1; seq <= 2_000; seq++) journal.append(big(seq));
    const held = journal.since(1_999 - 40, 2_000);
    assert.ok(held, 'the newest deltas are held');
    assert.equal(journal.since(0, 2_000), undefined, 'the oldest went: a browser that missed them gets a snapshot');
    assert.ok(journal.heldBytes <= maxBytes, `${journal.heldBytes} bytes held`);
    assert.ok(journal.size >= 60 && journal.size < 70, `${journal.size} deltas held`);
    // Still exact after a compaction.
    for (let seq = 2_001; seq <= 5_000; seq++) journal.append(big(seq));
    assert.deepEqual(seqs(journal.since(4_990, 5_000)), range(4_991, 5_000));
  });

  test('one delta larger than the budget is still held (the newest always is)', () => {
    const journal = new Journal(10, 100);
    journal.append(delta(1));
    assert.deepEqual(seqs(journal.since(0, 1)), [1]);
  });
});
