import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendTurns, type NoTurn, type Release } from '../src/pool/send-turns.js';

const turnOf = async (taken: Release | Promise<Release | NoTurn>) => (taken instanceof Promise ? await taken : taken);

describe("a pool host's turns to send (SendTurns)", () => {
  test('up to the bound at once; the others wait and get their turns in the order they asked', async () => {
    const turns = new SendTurns(2, 5_000);
    const stopping = new AbortController().signal;
    const first = turns.take(stopping);
    const second = turns.take(stopping);
    assert.equal(typeof first, 'function', 'below the bound, a turn at once');
    assert.equal(typeof second, 'function');
    const granted: number[] = [];
    const waiting = [3, 4, 5].map((n) => turnOf(turns.take(stopping)).then((turn) => (granted.push(n), turn as Release)));
    assert.deepEqual(turns.counts(), { running: 2, waiting: 3 });
    (first as Release)();
    (first as Release)(); // a second release of the same turn gives nothing back
    await sleep(0);
    assert.deepEqual(granted, [3]);
    assert.deepEqual(turns.counts(), { running: 2, waiting: 2 });
    (second as Release)();
    const third = await waiting[0]!;
    third();
    const [fourth, fifth] = await Promise.all(waiting.slice(1));
    assert.deepEqual(granted, [3, 4, 5]);
    fourth!();
    fifth!();
    assert.deepEqual(turns.counts(), { running: 0, waiting: 0 });
  });

  test('a wait past maxWaitMs, or a stop, ends without a turn and takes no one’s place', async () => {
    const turns = new SendTurns(1, 100);
    const node = new AbortController();
    const held = turns.take(node.signal) as Release;
    const late = turnOf(turns.take(node.signal));
    const stoppedNode = new AbortController();
    const stopped = turnOf(turns.take(stoppedNode.signal));
    stoppedNode.abort();
    assert.equal(await stopped, 'stopped');
    assert.equal(await late, 'waited');
    assert.deepEqual(turns.counts(), { running: 1, waiting: 0 });
    held();
    // Those who gave up are skipped: the next send has its turn at once.
    assert.equal(typeof turns.take(node.signal), 'function');
    assert.equal(await turnOf(turns.take(stoppedNode.signal)), 'stopped', 'a stopped node waits for nothing');
  });

  test('thousands waiting drain in order, each once', async () => {
    const turns = new SendTurns(4, 60_000);
    const signal = new AbortController().signal;
    const order: number[] = [];
    const all = Array.from({ length: 5_000 }, (_, n) =>
      turnOf(turns.take(signal)).then(async (turn) => {
        order.push(n);
        await sleep(0);
        (turn as Release)();
      }),
    );
    await Promise.all(all);
    assert.deepEqual(
      order,
      Array.from({ length: 5_000 }, (_, n) => n),
    );
    assert.deepEqual(turns.counts(), { running: 0, waiting: 0 });
  });
});
