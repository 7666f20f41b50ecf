import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { FlushSchedule, type FlushPace } from '../src/flush-schedule.js';

/** A schedule whose flushes are counted; `sendNothing(true)` makes its flushes find nothing to send. */
function counted(pace: FlushPace) {
  const flushes: number[] = [];
  let sends = true;
  const schedule = new FlushSchedule(() => {
    flushes.push(Date.now());
    return sends;
  }, pace);
  return { schedule, flushes, sendNothing: (nothing: boolean) => (sends = !nothing) };
}

/** Lets a flush due now run (it runs at the end of the turn it was arranged in). */
const settle = () => nextTurn();

async function until(what: string, done: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

// A minute per token, or of hold: a flush that waited for one would not happen during a test.
const MINUTE = 60_000;

test('a quiet schedule flushes up to `burst` times at once, then waits for a token', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 2 });
  try {
    schedule.request();
    await settle();
    assert.equal(flushes.length, 1, 'the first request after a quiet spell goes at once');
    schedule.request();
    await settle();
    assert.equal(flushes.length, 2, 'so does the second');
    schedule.request();
    await sleep(100);
    assert.equal(flushes.length, 2, 'the third waits for a token to come back');
  } finally {
    schedule.stop();
  }
});

test('requests while a flush is arranged are one flush', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 3 });
  for (let i = 0; i < 100; i++) schedule.request();
  await settle();
  assert.equal(flushes.length, 1);
  schedule.stop();
});

test('a hold waits for a request, which then flushes at once what was held: one flush, one token', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 2, holdMs: MINUTE });
  try {
    schedule.hold();
    schedule.hold();
    await sleep(100);
    assert.equal(flushes.length, 0, 'held (a message sent, its outcome not yet there)');
    schedule.request();
    await settle();
    assert.equal(flushes.length, 1, 'the outcome goes at once, with what was held');
    // One token spent for the pair: a second exchange goes as soon as its outcome comes.
    schedule.hold();
    schedule.request();
    await settle();
    assert.equal(flushes.length, 2);
    schedule.hold();
    schedule.request();
    await sleep(100);
    assert.equal(flushes.length, 2, 'the bucket is empty: the third exchange waits for a token');
  } finally {
    schedule.stop();
  }
});

test('a hold with nothing to close it flushes after holdMs; a request arranged before it stands', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 2, holdMs: 60 });
  const held = Date.now();
  schedule.hold();
  await until('the held flush', () => flushes.length === 1);
  // Timers may fire a millisecond early by Date.now()'s reckoning; never a whole hold.
  assert.ok(flushes[0]! - held >= 58, `flushed ${flushes[0]! - held} ms after the hold`);
  schedule.request();
  schedule.hold();
  await settle();
  assert.equal(flushes.length, 2, 'a hold never delays a flush already due');
  schedule.stop();
});

test('a trailing event waits for the next flush and spends no token of its own', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 2, holdMs: MINUTE, trailMs: MINUTE });
  try {
    schedule.request();
    await settle();
    assert.equal(flushes.length, 1, 'a message and its outcome');
    schedule.trail();
    await sleep(100);
    assert.equal(flushes.length, 1, 'its late receipt waits');
    schedule.request();
    await settle();
    assert.equal(flushes.length, 2, 'the next outcome goes at once, on the token the receipt left, and takes it along');
  } finally {
    schedule.stop();
  }
});

test('a trailing event alone flushes after trailMs', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 2, trailMs: 60 });
  const trailed = Date.now();
  schedule.trail();
  await until('the trailing flush', () => flushes.length === 1);
  assert.ok(flushes[0]! - trailed >= 58, `flushed ${flushes[0]! - trailed} ms after the trail`);
  schedule.stop();
});

test('a hold or a request brings a trailing event forward', async () => {
  const { schedule, flushes } = counted({ intervalMs: MINUTE, burst: 3, holdMs: 30, trailMs: MINUTE });
  try {
    schedule.trail();
    schedule.hold();
    await until('the held flush (not a minute later)', () => flushes.length === 1);
    schedule.trail();
    schedule.request();
    await settle();
    assert.equal(flushes.length, 2, 'a request: at once');
  } finally {
    schedule.stop();
  }
});

test('burst 1 and no hold is a leading-edge throttle: the next flush comes one interval after the last', async () => {
  const { schedule, flushes } = counted({ intervalMs: 80 });
  schedule.request();
  await settle();
  assert.equal(flushes.length, 1);
  schedule.hold();
  await settle();
  assert.equal(flushes.length, 1, 'no token left: it waits');
  await until('the next token', () => flushes.length === 2);
  assert.ok(flushes[1]! - flushes[0]! >= 78, `${flushes[1]! - flushes[0]!} ms apart`);
});

test('a flush that found nothing to send costs no token', async () => {
  const { schedule, flushes, sendNothing } = counted({ intervalMs: MINUTE });
  sendNothing(true);
  schedule.request();
  await settle();
  schedule.run();
  assert.equal(flushes.length, 2);
  sendNothing(false);
  schedule.request();
  await settle();
  assert.equal(flushes.length, 3, 'the token is still there');
  schedule.request();
  await settle();
  assert.equal(flushes.length, 3, 'now it is spent');
  schedule.stop();
});

test('forced flushes with no token left run, and put the schedule in no debt', async () => {
  const { schedule, flushes } = counted({ intervalMs: 60 });
  for (let i = 0; i < 50; i++) schedule.run();
  assert.equal(flushes.length, 50, 'run() always flushes (a close, a reconnect, a subscriber)');
  // Fifty forced flushes cost one token, not fifty: one interval later a request goes at once.
  await sleep(80);
  schedule.request();
  await settle();
  assert.equal(flushes.length, 51);
  schedule.stop();
});

test('under steady requests and holds the pace is one flush per interval, plus the burst', async () => {
  const intervalMs = 20;
  const burst = 3;
  const { schedule, flushes } = counted({ intervalMs, burst, holdMs: 5 });
  const started = Date.now();
  for (let i = 0; Date.now() - started < 400; i++) {
    if (i % 3 === 2) schedule.request();
    else schedule.hold();
    await sleep(1);
  }
  const elapsed = Date.now() - started;
  schedule.stop();
  // The bucket holds `burst` tokens at the start and earns one per interval: never more than that.
  assert.ok(flushes.length <= burst + Math.floor(elapsed / intervalMs) + 1, `${flushes.length} flushes in ${elapsed} ms`);
  assert.ok(flushes.length >= 5, `requests were served (${flushes.length} flushes)`);
  // (How far apart single flushes are is not asserted: a stall of the event loop, as a busy CI
  // machine makes, legitimately earns tokens that the next flushes spend closer together.)
});

test('a burst below 1 is refused', () => {
  assert.throws(() => new FlushSchedule(() => true, { intervalMs: 25, burst: 0 }), RangeError);
});
