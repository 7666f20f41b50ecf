import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLUSH_BURST } from '../src/flush-pace.js';
import { createTelemetryReporter } from '../src/reporter.js';
import { startRecordingHub } from '../../../test/support/hub.js';
import { freePort } from '../../../test/support/ports.js';
import { sleep, waitFor } from '../../../test/support/wait.js';

const TOKEN = 'reporter-test-token';

test('while the hub is away the newest events are kept, up to the bound, and sent on connect', async () => {
  const port = await freePort();
  const reporter = createTelemetryReporter({ hubUrl: `http://127.0.0.1:${port}`, token: TOKEN, source: 'node1', maxBuffered: 5 });
  for (let i = 1; i <= 8; i++) reporter.emit({ type: 'node:stopping', nodeId: `node${i}` });
  assert.equal(reporter.dropped, 3);
  const hub = await startRecordingHub(TOKEN, port);
  try {
    await waitFor('buffer flushed', () => hub.events.length === 5, 10_000);
    assert.deepEqual(
      hub.events.map((e) => e.type === 'node:stopping' && e.nodeId),
      ['node4', 'node5', 'node6', 'node7', 'node8'],
    );
    assert.ok(hub.events.every((e) => e.source === 'node1' && e.at > 0));
  } finally {
    await reporter.close();
    await hub.close();
  }
});

test('events emitted together travel in few reports, in order', async () => {
  const hub = await startRecordingHub(TOKEN);
  const reporter = createTelemetryReporter({ hubUrl: hub.url, token: TOKEN, source: 'node2' });
  try {
    await waitFor('connected', () => reporter.connected);
    for (let i = 0; i < 1_200; i++) reporter.emit({ type: 'message:delivered', id: `m${i}`, from: 'node2', to: 'node3', latencyMs: 1 });
    await waitFor('all events', () => hub.events.length === 1_200);
    assert.deepEqual(
      hub.events.map((e) => 'id' in e && e.id),
      Array.from({ length: 1_200 }, (_, i) => `m${i}`),
    );
    assert.equal(hub.invalidReports(), 0, 'reports stay within the size the protocol allows');
  } finally {
    await reporter.close();
    await hub.close();
  }
});

test("a message's send waits for its outcome and both go in one flush at once; past the burst, exchanges wait for the pace", async () => {
  const hub = await startRecordingHub(TOKEN);
  // A minute between flushes on average, and a minute of hold: what arrives before close() went at once.
  const reporter = createTelemetryReporter({ hubUrl: hub.url, token: TOKEN, source: 'node1', flushMs: 60_000, flushHoldMs: 60_000 });
  const exchange = (id: string, outcome: 'delivered' | 'failed') => {
    reporter.emit({ type: 'message:sent', id, from: 'node1', to: 'node2', text: 'hi' });
    return () =>
      reporter.emit(
        outcome === 'delivered'
          ? { type: 'message:delivered', id, from: 'node1', to: 'node2', latencyMs: 3 }
          : { type: 'message:failed', id, from: 'node1', to: 'node2', latencyMs: 3, error: { code: 'lost', message: 'lost' } },
      );
  };
  try {
    await waitFor('connected', () => reporter.connected);
    const outcome1 = exchange('m1', 'delivered');
    await sleep(200);
    assert.equal(hub.events.length, 0, 'the send waits for its outcome');
    outcome1();
    await waitFor('the exchange, at once', () => hub.events.length === 2, 10_000, 5);
    // One flush for the pair: with FLUSH_BURST 2 a second exchange still goes at once.
    assert.equal(FLUSH_BURST, 2);
    exchange('m2', 'failed')();
    await waitFor('the second exchange, at once', () => hub.events.length === 4, 10_000, 5);
    exchange('m3', 'delivered')();
    await sleep(300);
    assert.equal(hub.events.length, 4, 'the bucket is empty: the third waits for a token');
    await reporter.close();
    assert.deepEqual(
      hub.events.map((e) => 'id' in e && `${e.type} ${e.id}`),
      ['message:sent m1', 'message:delivered m1', 'message:sent m2', 'message:failed m2', 'message:sent m3', 'message:delivered m3'],
      'close() sends what waited; every event once, in order',
    );
  } finally {
    await reporter.close();
    await hub.close();
  }
});

test('a send whose outcome is slow goes on its own after the hold; a receipt goes at once', async () => {
  const hub = await startRecordingHub(TOKEN);
  const reporter = createTelemetryReporter({ hubUrl: hub.url, token: TOKEN, source: 'node1', flushMs: 60_000, flushHoldMs: 50 });
  try {
    await waitFor('connected', () => reporter.connected);
    reporter.emit({ type: 'message:sent', id: 'slow', from: 'node1', to: 'node2', text: 'hi' });
    await waitFor('the send, after the hold', () => hub.events.length === 1, 10_000, 5);
    // Its outcome is reported by the sender, elsewhere: nothing to wait for.
    reporter.emit({ type: 'message:received', id: 'r1', from: 'node3', to: 'node1', text: 'hi', at: Date.now() });
    await waitFor('the receipt, at once', () => hub.events.length === 2, 10_000, 5);
  } finally {
    await reporter.close();
    await hub.close();
  }
});

test('without a hub url reporting is off and costs nothing', () => {
  const reporter = createTelemetryReporter({ token: TOKEN, source: 'node1' });
  reporter.emit({ type: 'node:stopping', nodeId: 'node1' });
  assert.equal(reporter.connected, false);
});

test('past its budget a reporter sends counts per link, and every message is accounted for', async () => {
  const hub = await startRecordingHub(TOKEN);
  const reporter = createTelemetryReporter({ hubUrl: hub.url, token: TOKEN, source: 'node2', maxMessageEventsPerSecond: 100 });
  try {
    await waitFor('connected', () => reporter.connected);
    const at = Date.now();
    for (let i = 0; i < 3_000; i++) reporter.emit({ type: 'message:received', id: `m${i}`, from: i % 2 ? 'node1' : 'node3', to: 'node2', text: 'hi', at });
    const counted = () => hub.events.reduce((sum, e) => sum + (e.type === 'messages:summarised' ? e.received : e.type === 'message:received' ? 1 : 0), 0);
    await waitFor('all 3,000 accounted for', () => counted() === 3_000);
    assert.equal(hub.events.filter((e) => e.type === 'message:received').length, 100);
    assert.ok(hub.events.every((e) => e.type !== 'messages:summarised' || (e.to === 'node2' && e.source === 'node2')));
    assert.equal(hub.invalidReports(), 0);
  } finally {
    await reporter.close();
    await hub.close();
  }
});
