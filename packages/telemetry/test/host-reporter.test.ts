import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TelemetryEvent } from '@peerscope/protocol';
import { hostCredential, reportTicket } from '@peerscope/server-kit';
import { FLUSH_BURST } from '../src/flush-pace.js';
import { createHostReporter, type HostReporterOptions } from '../src/host-reporter.js';
import { disabledReporter } from '../src/reporter.js';
import { startRecordingHub } from '../../../test/support/hub.js';
import { freePort } from '../../../test/support/ports.js';
import { sleep, waitFor } from '../../../test/support/wait.js';

const TOKEN = 'host-reporter-test-token';
const HOST = 'host1';

const hostReporter = (hubUrl: string, options: Partial<HostReporterOptions> = {}) =>
  createHostReporter({ hubUrl, hostId: HOST, credential: hostCredential(TOKEN, HOST), ...options });
const ticket = (node: string) => reportTicket(TOKEN, HOST, node);
/**
 * An event labelled `label`, which any node may report of itself (a hub drops a node's start or
 * stop of another node): a broadcast copy, which no budget summarises.
 */
const stopping = (label: string) => ({ type: 'message:sent', id: label, from: 'node98', to: 'node99', text: '', broadcastId: 'b1' }) as const;
/** What the hub recorded, as "source:label" for the events `stopping` made. */
const stops = (events: TelemetryEvent[]) => events.flatMap((e) => (e.type === 'message:sent' && e.broadcastId === 'b1' ? [`${e.source}:${e.id}`] : []));

test('one connection carries many nodes, each event stamped with its own node', async () => {
  const hub = await startRecordingHub(TOKEN);
  const host = hostReporter(hub.url);
  try {
    const nodes = Array.from({ length: 50 }, (_, i) => host.forNode(`node${i}`, ticket(`node${i}`)));
    await waitFor('every claim accepted', () => nodes.every((node) => node.connected));
    nodes.forEach((node, i) => node.emit(stopping(`node${i}`)));
    await waitFor('all events', () => hub.events.length === 50);
    assert.deepEqual(
      stops(hub.events),
      nodes.map((_, i) => `node${i}:node${i}`),
    );
    assert.equal(hub.connections(), 1);
    assert.deepEqual([...hub.hosts], [HOST]);
    assert.equal(hub.unclaimedEvents(), 0);
  } finally {
    await host.close();
    await hub.close();
  }
});

test("on a host a message's three events (both ends on it) go in one flush when its outcome comes", async () => {
  const hub = await startRecordingHub(TOKEN);
  // A minute between flushes on average, and a minute of hold: what arrives before close() went at once.
  const host = hostReporter(hub.url, { flushMs: 60_000, flushHoldMs: 60_000 });
  try {
    const [node1, node2] = [host.forNode('node1', ticket('node1')), host.forNode('node2', ticket('node2'))];
    await waitFor('both claims accepted', () => node1.connected && node2.connected);
    const exchange = (id: string) => {
      node1.emit({ type: 'message:sent', id, from: 'node1', to: 'node2', text: 'hi' });
      node2.emit({ type: 'message:received', id, from: 'node1', to: 'node2', text: 'hi', at: Date.now() });
      return () => node1.emit({ type: 'message:delivered', id, from: 'node1', to: 'node2', latencyMs: 2 });
    };
    const outcome1 = exchange('m1');
    await sleep(200);
    assert.equal(hub.events.length, 0, 'the send and the receipt wait for the outcome');
    outcome1();
    await waitFor('the exchange, at once', () => hub.events.length === 3, 10_000, 5);
    assert.equal(FLUSH_BURST, 2);
    exchange('m2')();
    await waitFor('the second exchange, at once', () => hub.events.length === 6, 10_000, 5);
    node2.emit({ type: 'node:stopping', nodeId: 'node2' });
    await sleep(300);
    assert.equal(hub.events.length, 6, 'the bucket is empty: the next event waits for a token');
    await host.close();
    const exchangeSeen = ['node1 message:sent', 'node2 message:received', 'node1 message:delivered'];
    assert.deepEqual(
      hub.events.map((e) => `${e.source} ${e.type}`),
      [...exchangeSeen, ...exchangeSeen, 'node2 node:stopping'],
    );
  } finally {
    await host.close();
    await hub.close();
  }
});

test("closing one node's reporter sends what it had and releases it; the others and the socket go on", async () => {
  const hub = await startRecordingHub(TOKEN);
  const host = hostReporter(hub.url);
  try {
    const node1 = host.forNode('node1', ticket('node1'));
    const node2 = host.forNode('node2', ticket('node2'));
    await waitFor('claimed', () => node1.connected && node2.connected);
    node1.emit(stopping('node1'));
    await node1.close();
    assert.equal(node1.connected, false);
    assert.ok(host.connected, 'the shared socket stays open');
    node1.emit(stopping('late'));
    node2.emit(stopping('node2'));
    await waitFor('both events', () => hub.events.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.deepEqual(stops(hub.events), ['node1:node1', 'node2:node2'], "nothing after node1's close");
    assert.equal(hub.unclaimedEvents(), 0);
  } finally {
    await host.close();
    await hub.close();
  }
});

test('a released (crashed) node loses what it had not sent; its neighbours lose nothing', async () => {
  const port = await freePort();
  const host = hostReporter(`http://127.0.0.1:${port}`);
  const node1 = host.forNode('node1', ticket('node1'));
  const node2 = host.forNode('node2', ticket('node2'));
  for (let i = 0; i < 3; i++) {
    node1.emit(stopping(`crashed${i}`));
    node2.emit(stopping(`kept${i}`));
  }
  host.release('node1');
  node1.emit(stopping('after-crash'));
  const hub = await startRecordingHub(TOKEN, port);
  try {
    await waitFor('node2 claimed', () => node2.connected, 10_000);
    await waitFor('its events', () => hub.events.length === 3);
    assert.deepEqual(stops(hub.events), ['node2:kept0', 'node2:kept1', 'node2:kept2']);
    assert.deepEqual(
      hub.claims.map((c) => c.node),
      ['node2'],
      'only live nodes are claimed',
    );
    // The same id can start again on this host.
    const again = host.forNode('node1', ticket('node1'));
    await waitFor('claimed again', () => again.connected);
    again.emit(stopping('node1'));
    await waitFor('its event', () => hub.events.length === 4);
    assert.equal(stops(hub.events)[3], 'node1:node1');
  } finally {
    await host.close();
    await hub.close();
  }
});

test('after a reconnect every node is claimed again before its events', async () => {
  const hub = await startRecordingHub(TOKEN);
  const host = hostReporter(hub.url);
  try {
    const nodes = ['node1', 'node2', 'node3'].map((id) => host.forNode(id, ticket(id)));
    await waitFor('claimed', () => nodes.every((node) => node.connected));
    hub.dropConnections();
    await waitFor('disconnected', () => !host.connected);
    nodes.forEach((node, i) => node.emit(stopping(`node${i + 1}`)));
    await waitFor('reconnected, claimed, sent', () => hub.events.length === 3, 10_000);
    assert.deepEqual(stops(hub.events), ['node1:node1', 'node2:node2', 'node3:node3']);
    assert.equal(hub.unclaimedEvents(), 0);
    assert.deepEqual(
      hub.claims.map((c) => c.node),
      ['node1', 'node2', 'node3', 'node1', 'node2', 'node3'],
    );
  } finally {
    await host.close();
    await hub.close();
  }
});

test('a refused ticket is reported, and that node goes quiet; its neighbours do not', async () => {
  const hub = await startRecordingHub(TOKEN);
  const refusals: string[] = [];
  const host = hostReporter(hub.url, { onClaimRefused: (node, error) => refusals.push(`${node}: ${error.code}`) });
  try {
    const forged = host.forNode('node1', reportTicket(TOKEN, 'host2', 'node1'));
    const honest = host.forNode('node2', ticket('node2'));
    await waitFor('answered', () => refusals.length === 1 && honest.connected);
    assert.deepEqual(refusals, ['node1: unauthorized']);
    assert.equal(forged.connected, false);
    forged.emit(stopping('node1'));
    honest.emit(stopping('node2'));
    await waitFor('the honest event', () => hub.events.length === 1);
    assert.deepEqual(stops(hub.events), ['node2:node2']);
    assert.equal(hub.unclaimedEvents(), 0, 'the refused node sends nothing the hub would drop');
  } finally {
    await host.close();
    await hub.close();
  }
});

test('budgets are per node: a busy node is summarised, stamped as its own; a quiet one is not', async () => {
  const hub = await startRecordingHub(TOKEN);
  const host = hostReporter(hub.url, { maxMessageEventsPerSecond: 100 });
  try {
    const busy = host.forNode('node1', ticket('node1'));
    const quiet = host.forNode('node2', ticket('node2'));
    await waitFor('claimed', () => busy.connected && quiet.connected);
    const at = Date.now();
    for (let i = 0; i < 1_000; i++) busy.emit({ type: 'message:received', id: `b${i}`, from: 'node9', to: 'node1', text: 'hi', at });
    for (let i = 0; i < 50; i++) quiet.emit({ type: 'message:received', id: `q${i}`, from: 'node9', to: 'node2', text: 'hi', at });
    const counted = (node: string) =>
      hub.events.reduce((sum, e) => sum + (e.source !== node ? 0 : e.type === 'messages:summarised' ? e.received : e.type === 'message:received' ? 1 : 0), 0);
    await waitFor('every message accounted for', () => counted('node1') === 1_000 && counted('node2') === 50);
    assert.equal(hub.events.filter((e) => e.type === 'message:received' && e.source === 'node1').length, 100);
    assert.ok(hub.events.every((e) => e.type !== 'messages:summarised' || (e.source === 'node1' && e.to === 'node1')));
    assert.equal(hub.invalidReports(), 0);
  } finally {
    await host.close();
    await hub.close();
  }
});

test("the host's buffer is bounded while the hub is away: the newest are kept, drops counted per node", async () => {
  const port = await freePort();
  const host = hostReporter(`http://127.0.0.1:${port}`, { maxBuffered: 4 });
  const node1 = host.forNode('node1', ticket('node1'));
  const node2 = host.forNode('node2', ticket('node2'));
  node1.emit(stopping('a'));
  node1.emit(stopping('b'));
  node2.emit(stopping('c'));
  node2.emit(stopping('d'));
  node2.emit(stopping('e'));
  node1.emit(stopping('f'));
  assert.equal(host.dropped, 2);
  assert.equal(node1.dropped, 2);
  assert.equal(node2.dropped, 0);
  const hub = await startRecordingHub(TOKEN, port);
  try {
    await waitFor('sent on connect', () => hub.events.length === 4, 10_000);
    assert.deepEqual(stops(hub.events), ['node2:c', 'node2:d', 'node2:e', 'node1:f']);
  } finally {
    await host.close();
    await hub.close();
  }
});

test('without a hub url reporting is off, and a closed host hands out silent reporters', async () => {
  const off = createHostReporter({ hostId: HOST, credential: 'x' });
  assert.equal(off.forNode('node1', 'ticket'), disabledReporter);
  const port = await freePort();
  const host = hostReporter(`http://127.0.0.1:${port}`);
  await host.close();
  assert.equal(host.forNode('node1', ticket('node1')), disabledReporter);
});
