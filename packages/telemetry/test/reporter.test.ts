import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTelemetryReporter, FLUSH_BURST } from '../src/reporter.js';
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

test("a quiet reporter sends a message's send and its outcome each at once; what comes next waits for the pace", async () => {
  const hub = await startRecordingHub(TOKEN);
  // A minute between flushes, on average: anything that arrives before close() went out at once.
  const reporter = createTelemetryReporter({ hubUrl: hub.url, token: TOKEN, source: 'node1', flushMs: 60_000 });
  try {
    await waitFor('connected', () => reporter.connected);
    assert.equal(FLUSH_BURST, 2);
    reporter.emit({ type: 'message:sent', id: 'm1', from: 'node1', to: 'node2', text: 'hi' });
    await waitFor('the send, at once', () => hub.events.length === 1, 10_000, 5);
    reporter.emit({ type: 'message:delivered', id: 'm1', from: 'node1', to: 'node2', latencyMs: 3 });
    await waitFor('its outcome, at once', () => hub.events.length === 2, 10_000, 5);
    reporter.emit({ type: 'message:sent', id: 'm2', from: 'node1', to: 'node3', text: 'hi' });
    reporter.emit({ type: 'message:failed', id: 'm2', from: 'node1', to: 'node3', latencyMs: 1, error: { code: 'lost', message: 'lost' } });
    await sleep(300);
    assert.equal(hub.events.length, 2, 'the burst is spent: the next events wait for a token');
    await reporter.close();
    assert.deepEqual(
      hub.events.map((e) => 'id' in e && `${e.type} ${e.id}`),
      ['message:sent m1', 'message:delivered m1', 'message:sent m2', 'message:failed m2'],
      'close() sends what waited, in order',
    );
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
