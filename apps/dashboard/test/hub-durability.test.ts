import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { encodeReports, type ReportAnswer, type ReportedEvent } from '@peerscope/protocol';
import { createLogger } from '@peerscope/server-kit';
import { createTelemetryReporter } from '@peerscope/telemetry';
import { Server } from 'socket.io';
import { createHub, MAX_SOCKET_PACKET_BYTES, type Hub } from '../server/hub/hub.js';
import { openHubState } from '../server/hub/hub-state.js';
import { Browser, claim, CLUSTER_TOKEN, connectHost, connectIngest, gossipHop, messageEvents, registered, startHub, T0 } from './helpers.js';

const logger = createLogger('test', 'silent');
const dir = mkdtempSync(join(tmpdir(), 'peerscope-hub-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A hub on `port` (0: a free one), saving to `statePath` when given. */
async function hubOn(port: number, statePath?: string): Promise<{ url: string; port: number; hub: Hub; io: Server; close(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES });
  const state = statePath ? await openHubState(statePath, false, logger) : undefined;
  const hub = createHub(io, { clusterToken: CLUSTER_TOKEN, logger, state });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const bound = (http.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    hub,
    io,
    async close() {
      await hub.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

const delivered = (i: number): ReportedEvent => {
  const { source: _source, ...event } = messageEvents(`m${i}`, 'node1', 'node2', 'hi', T0 + i).delivered;
  return event as ReportedEvent;
};

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('a report sent again with the same stamp is answered and dropped: counted once', async () => {
  const server = await hubOn(0);
  const socket = await connectIngest(server.url, { token: CLUSTER_TOKEN, source: 'node1' });
  try {
    const [report] = encodeReports([delivered(1), delivered(2)]);
    const answers: ReportAnswer[] = [];
    for (let i = 0; i < 2; i++) socket.emit('telemetry:report', report!, { stream: 'run-a', seq: 1 }, (answer) => answers.push(answer));
    await waitFor('two answers', () => answers.length === 2);
    assert.deepEqual(answers, [
      { ok: true, data: { seq: 1 } },
      { ok: true, data: { seq: 1 } },
    ]);
    assert.equal(server.hub.view.counters.delivered, 2);
    assert.equal(server.hub.stats().duplicates, 1);
    // A new stream (the reporter restarted) is a new run of numbers, not a duplicate.
    socket.emit('telemetry:report', encodeReports([delivered(3)])[0]!, { stream: 'run-b', seq: 1 });
    await waitFor('the new stream counted', () => server.hub.view.counters.delivered === 3);
  } finally {
    socket.disconnect();
    await server.close();
  }
});

test('with a state log, a copy is answered no sooner than the first one: once it is on disk (a reporter forgets what is answered)', async () => {
  const server = await hubOn(0, join(dir, 'copies.log'));
  const socket = await connectIngest(server.url, { token: CLUSTER_TOKEN, source: 'node1' });
  try {
    const [report] = encodeReports([delivered(1)]);
    const order: string[] = [];
    socket.emit('telemetry:report', report!, { stream: 'run-c', seq: 1 }, () => order.push('first'));
    socket.emit('telemetry:report', report!, { stream: 'run-c', seq: 1 }, () => order.push('copy'));
    await waitFor('both answered', () => order.length === 2);
    assert.deepEqual(order, ['first', 'copy']);
    assert.equal(server.hub.view.counters.delivered, 1);
  } finally {
    socket.disconnect();
    await server.close();
  }
});

test('a hub restarted from its state log goes on counting; what it had not saved comes again from the reporter, once', async () => {
  const statePath = join(dir, 'hub-state.log');
  const first = await hubOn(0, statePath);
  const reporter = createTelemetryReporter({ hubUrl: first.url, token: CLUSTER_TOKEN, source: 'node1' });
  let second: Awaited<ReturnType<typeof hubOn>> | undefined;
  try {
    for (let i = 1; i <= 10; i++) reporter.emit(delivered(i));
    await waitFor('ten delivered', () => first.hub.view.counters.delivered === 10);
    await first.close();
    // While the hub is away the reporter keeps what it reports.
    for (let i = 11; i <= 15; i++) reporter.emit(delivered(i));
    second = await hubOn(first.port, statePath);
    assert.equal(second.hub.view.counters.delivered, 10, 'the counters come back from the state log');
    await waitFor('the five reported meanwhile', () => second!.hub.view.counters.delivered === 15);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(second.hub.view.counters.delivered, 15, 'nothing counted twice');
    assert.equal(reporter.dropped, 0);
  } finally {
    await reporter.close();
    await second?.close();
  }
});

test('a report that reaches a stopping hub is left unanswered, so its reporter sends it again to the next one: nothing answered is lost', async () => {
  const statePath = join(dir, 'stopping.log');
  const first = await hubOn(0, statePath);
  const socket = await connectIngest(first.url, { token: CLUSTER_TOKEN, source: 'node1' });
  const answers: number[] = [];
  const send = (seq: number) => socket.emit('telemetry:report', encodeReports([delivered(seq)])[0]!, { stream: 'run-s', seq }, () => answers.push(seq));
  try {
    send(1);
    await waitFor('the first answered', () => answers.length === 1);
    // The hub has saved and stopped; its sockets are not closed yet (a plain kill's stop, in that order).
    await first.hub.close();
    send(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(answers, [1], 'what the stopped hub could not save, it does not answer');
  } finally {
    socket.disconnect();
    await new Promise<void>((resolve) => first.io.close(() => resolve()));
  }
  const second = await hubOn(0, statePath);
  try {
    assert.equal(second.hub.view.counters.delivered, 1, 'what was answered is on disk');
  } finally {
    await second.close();
  }
});

test('a restored picture is shown to browsers only once it has been checked (snapshotsAfter), and changes made meanwhile come with it', async () => {
  let checked = () => {};
  const snapshotsAfter = new Promise<void>((resolve) => (checked = resolve));
  const server = await startHub({ snapshotsAfter });
  const browser = await Browser.open(server.url);
  try {
    const answer = browser.subscribe();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(browser.snapshots.length, 0, 'no picture before the registry has been read');
    // What the registry sync finds becomes an ordinary event; the first picture already holds it.
    server.hub.record(registered('node1'));
    checked();
    assert.equal((await answer).ok, true);
    assert.deepEqual(
      browser.snapshots[0]!.nodes.map((n) => n.id),
      ['node1'],
    );
    // Later subscribers are not held.
    const later = await Browser.open(server.url);
    assert.equal((await later.subscribe()).ok, true);
    later.close();
  } finally {
    browser.close();
    await server.close();
  }
});

test('a gossip reaching a node called `constructor` is saved and restored: the next hub starts from it', async () => {
  const statePath = join(dir, 'prototype-id.log');
  const first = await hubOn(0, statePath);
  const socket = await connectIngest(first.url, { token: CLUSTER_TOKEN, source: 'bootstrap' });
  let second: Awaited<ReturnType<typeof hubOn>> | undefined;
  let firstClosed = false;
  try {
    // A node started by hand may take any valid id; this one is a property every plain object has.
    const gossip = { id: 'g1', origin: 'node1', hop: 1 };
    const hop = gossipHop('m1', gossip, 'node1', 'constructor', T0 + 10);
    const events = [registered('node1'), registered('constructor'), hop.sent, hop.received].map(({ source: _source, ...event }) => event as ReportedEvent);
    const answers: ReportAnswer[] = [];
    socket.emit('telemetry:report', encodeReports(events)[0]!, { stream: 'run-p', seq: 1 }, (answer) => answers.push(answer));
    await waitFor('the report saved', () => answers.length === 1);
    socket.disconnect();
    await first.close();
    firstClosed = true;
    // Before, the picture held `constructor: NaN`, saved as null: the next hub could not read its state.
    second = await hubOn(first.port, statePath);
    assert.deepEqual(second.hub.view.gossips.get('g1')?.reachedAt, { constructor: T0 + 12 });
  } finally {
    socket.disconnect();
    if (!firstClosed) await first.close();
    await second?.close();
  }
});

test('summaries whose counts add past the largest safe integer are saved and restored: the next hub starts from them', async () => {
  const statePath = join(dir, 'huge-counts.log');
  const first = await hubOn(0, statePath);
  // A pool host holds tickets for its nodes only; one claimed node is all it takes to send these.
  const host = await connectHost(first.url, 'host1');
  let second: Awaited<ReturnType<typeof hubOn>> | undefined;
  let firstClosed = false;
  try {
    assert.equal((await claim(host, 'host1', 'node1')).ok, true);
    const huge = {
      type: 'messages:summarised',
      from: 'node1',
      to: 'node2',
      since: T0,
      at: T0 + 1,
      sent: Number.MAX_SAFE_INTEGER,
      received: 0,
      delivered: 0,
      failed: 0,
      source: 'node1',
    };
    const answers: ReportAnswer[] = [];
    host.emit('telemetry:report', encodeReports([huge, huge] as ReportedEvent[])[0]!, { stream: 'run-h', seq: 1 }, (answer) => answers.push(answer));
    await waitFor('the report saved', () => answers.length === 1);
    host.disconnect();
    await first.close();
    firstClosed = true;
    // Before, counters.sent was 2^54 - 2, no integer the schema takes: the next hub could not read its state.
    second = await hubOn(first.port, statePath);
    assert.equal(second.hub.view.counters.sent, Number.MAX_SAFE_INTEGER);
  } finally {
    host.disconnect();
    if (!firstClosed) await first.close();
    await second?.close();
  }
});
