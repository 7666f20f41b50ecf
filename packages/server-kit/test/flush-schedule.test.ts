import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { FlushSchedule } from '../src/flush-schedule.js';

/** A schedule whose flushes are counted; `sends` says whether a flush found something to send. */
function counted(intervalMs: number, burst?: number) {
  const flushes: number[] = [];
  let sends = true;
  const schedule = new FlushSchedule(
    () => {
      flushes.push(Date.now());
      return sends;
    },
    intervalMs,
    burst,
  );
  return {
    schedule,
    flushes,
    sendNothing: (nothing: boolean) => (sends = !nothing),
  };
}

/** A request made now has been served by the end of the next turn when it was due at once. */
async function requestAndSettle(schedule: FlushSchedule): Promise<void> {
  schedule.request();
  await nextTurn();
}

test('a quiet schedule flushes up to `burst` times at once, then waits for a token', async () => {
  // A minute per token: a flush that waited for one would not happen during the test.
  const { schedule, flushes } = counted(60_000, 2);
  try {
    await requestAndSettle(schedule);
    assert.equal(flushes.length, 1, 'the first request after a quiet spell goes at once');
    await requestAndSettle(schedule);
    assert.equal(flushes.length, 2, 'the second (a message’s outcome after its send) goes at once too');
    await requestAndSettle(schedule);
    await sleep(100);
    assert.equal(flushes.length, 2, 'the third waits for a token to come back');
  } finally {
    schedule.stop();
  }
});

test('requests while a flush is arranged are one flush', async () => {
  const { schedule, flushes } = counted(60_000, 3);
  for (let i = 0; i < 100; i++) schedule.request();
  await nextTurn();
  assert.equal(flushes.length, 1);
  schedule.stop();
});

test('burst 1 is a leading-edge throttle: the next flush comes one interval after the last', async () => {
  const { schedule, flushes } = counted(80, 1);
  await requestAndSettle(schedule);
  assert.equal(flushes.length, 1);
  await requestAndSettle(schedule);
  assert.equal(flushes.length, 1, 'no token left: it waits');
  const until = Date.now() + 5_000;
  while (flushes.length < 2 && Date.now() < until) await sleep(5);
  assert.equal(flushes.length, 2);
  // Timers may fire a millisecond early by Date.now()'s reckoning; never a whole interval.
  assert.ok(flushes[1]! - flushes[0]! >= 78, `${flushes[1]! - flushes[0]!} ms apart`);
});

test('a flush that found nothing to send costs no token', async () => {
  const { schedule, flushes, sendNothing } = counted(60_000, 1);
  sendNothing(true);
  await requestAndSettle(schedule);
  schedule.run();
  assert.equal(flushes.length, 2);
  sendNothing(false);
  await requestAndSettle(schedule);
  assert.equal(flushes.length, 3, 'the token is still there');
  await requestAndSettle(schedule);
  assert.equal(flushes.length, 3, 'now it is spent');
  schedule.stop();
});

test('forced flushes with no token left run, and put the schedule in no debt', async () => {
  const { schedule, flushes } = counted(60, 1);
  for (let i = 0; i < 50; i++) schedule.run();
  assert.equal(flushes.length, 50, 'run() always flushes (a close, a reconnect, a subscriber)');
  // Fifty forced flushes cost one token, not fifty: one interval later a request goes at once.
  await sleep(80);
  await requestAndSettle(schedule);
  assert.equal(flushes.length, 51);
  schedule.stop();
});

test('under steady requests the pace is one flush per interval, plus the burst', async () => {
  const intervalMs = 20;
  const burst = 3;
  const { schedule, flushes } = counted(intervalMs, burst);
  const started = Date.now();
  while (Date.now() - started < 400) {
    schedule.request();
    await sleep(1);
  }
  const elapsed = Date.now() - started;
  schedule.stop();
  // The bucket holds `burst` tokens at the start and earns one per interval: never more than that.
  assert.ok(flushes.length <= burst + Math.floor(elapsed / intervalMs) + 1, `${flushes.length} flushes in ${elapsed} ms`);
  assert.ok(flushes.length >= 5, `requests were served (${flushes.length} flushes)`);
  // The bucket's law past the burst: between flush i and flush j, j − i tokens were spent and at
  // most one of them was left over from before i, so they lie at least (j − i − 1) intervals apart
  // (a late timer lets the next flush come sooner; the average holds).
  const paced = flushes.slice(burst);
  for (let i = 0; i < paced.length; i++)
    for (let j = i + 2; j < paced.length; j++)
      assert.ok(paced[j]! - paced[i]! >= (j - i - 1) * intervalMs - 2, `flushes ${i} and ${j} past the burst ${paced[j]! - paced[i]!} ms apart`);
});

test('a burst below 1 is refused', () => {
  assert.throws(() => new FlushSchedule(() => true, 25, 0), RangeError);
});
