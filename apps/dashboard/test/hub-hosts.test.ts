import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { INGEST_NAMESPACE, type HostReportedEvent } from '@peerscope/protocol';
import { createLogger, hostCredential, reportTicket } from '@peerscope/server-kit';
import { createHostReporter } from '@peerscope/telemetry';
import { waitFor } from '../../../test/support/wait.js';
import {
  cleanup,
  Browser,
  claim,
  CLUSTER_TOKEN,
  connectHost,
  connectIngest,
  registered,
  sendReports,
  startHub,
  T0,
  type HubServer,
  type IngestSocket,
} from './helpers.js';

/** A node's event as a host sends it: naming its node in `source`. */
const stopping = (node: string, source = node): HostReportedEvent => ({ type: 'node:stopping', nodeId: node, at: T0, source });

describe('hub /ingest: host connections', () => {
  let server: HubServer;
  let browser: Browser;
  const warnings: Array<Record<string, unknown>> = [];
  const open = cleanup();
  before(async () => {
    // A logger that keeps what the hub warns about, to check each reason is logged once.
    const logger = createLogger('test', 'silent');
    logger.warn = ((fields: Record<string, unknown>) => void warnings.push(fields)) as typeof logger.warn;
    server = await startHub({ logger });
    browser = await Browser.open(server.url);
    await browser.subscribe();
  });
  after(async () => {
    browser.close();
    await server.close();
  });

  const host = async (id: string, credential?: string) => open(await connectHost(server.url, id, credential), (s) => s.close());
  /** The events applied after `seq`, as [type, source, nodeId]: what the browsers were sent. */
  const appliedSince = async (seq: number, count: number) => {
    await waitFor(`${count} events applied`, () => browser.seq >= seq + count);
    return browser.applied.filter((delta) => delta.seq > seq).map(({ event }) => [event.type, event.source, 'nodeId' in event ? event.nodeId : undefined]);
  };
  /** Waits until a host's packets sent so far were handled: the hub reads a connection's packets in order. */
  const settled = (socket: IngestSocket, hostId: string) => claim(socket, hostId, 'settle-probe');

  test('a host with its credential reports for the nodes it claimed, each event stamped with its node', async () => {
    const socket = await host('host1');
    assert.deepEqual(await claim(socket, 'host1', 'node1'), { ok: true, data: { node: 'node1' } });
    assert.deepEqual(await claim(socket, 'host1', 'node2'), { ok: true, data: { node: 'node2' } });
    const seq = server.hub.seq;
    sendReports(socket, [stopping('node1'), stopping('node2')]);
    assert.deepEqual(await appliedSince(seq, 2), [
      ['node:stopping', 'node1', 'node1'],
      ['node:stopping', 'node2', 'node2'],
    ]);
  });

  test('a host reports what its claimed nodes do of themselves; registry and lab events, or another node’s start, are dropped and counted', async () => {
    const socket = await host('host5');
    assert.equal((await claim(socket, 'host5', 'node50')).ok, true);
    const picture = JSON.stringify(browser.view!.snapshot('', 0));
    const before = server.hub.stats();
    const seq = server.hub.seq;
    const warned = warnings.length;
    // Each event names a node the host claimed; none is one a node reports of itself.
    const foreign = [
      { ...registered('node51'), source: 'node50' },
      { type: 'node:deregistered', nodeId: 'node1', reason: 'left', at: T0, source: 'node50' },
      { type: 'node:status-changed', nodeId: 'node1', status: 'dead', previous: 'alive', at: T0, source: 'node50' },
      { type: 'node:started', nodeId: 'node52', url: 'http://127.0.0.1:9', at: T0, source: 'node50' },
      { type: 'node:stopping', nodeId: 'node1', at: T0, source: 'node50' },
      { type: 'faults:changed', faults: { partition: null, links: [], paused: ['node1'] }, at: T0, source: 'node50' },
      { type: 'runtime:changed', runtime: 'docker', at: T0, source: 'node50' },
    ] as HostReportedEvent[];
    sendReports(socket, [...foreign, stopping('node50')]);
    await settled(socket, 'host5');
    assert.deepEqual(await appliedSince(seq, 1), [['node:stopping', 'node50', 'node50']]);
    assert.equal(server.hub.stats().rejected - before.rejected, foreign.length);
    assert.equal(JSON.stringify(browser.view!.snapshot('', 0)), picture, 'the picture is as it was');
    const lines = warnings.slice(warned).filter((w) => w.host === 'host5' && w.issue === 'events no node reports of itself');
    assert.deepEqual(
      lines.map((w) => w.type),
      ['node:registered'],
    );
  });

  test('events for ids the connection has not claimed, or with none, are dropped and counted; the rest count', async () => {
    const socket = await host('host2');
    assert.equal((await claim(socket, 'host2', 'node3')).ok, true);
    const seq = server.hub.seq;
    const before = server.hub.stats();
    const warned = warnings.length;
    const anonymous = { type: 'node:stopping', nodeId: 'node3', at: T0 } as HostReportedEvent;
    sendReports(socket, [stopping('node4'), stopping('node3'), anonymous, stopping('bootstrap'), registered('node66')]);
    sendReports(socket, [stopping('node4'), stopping('node3')]);
    await settled(socket, 'host2');
    assert.deepEqual(await appliedSince(seq, 2), [
      ['node:stopping', 'node3', 'node3'],
      ['node:stopping', 'node3', 'node3'],
    ]);
    assert.equal(server.hub.stats().rejected - before.rejected, 5);
    assert.equal(server.hub.stats().ingested - before.ingested, 2);
    // Two reports with unclaimed events: one line for this connection.
    const unclaimed = warnings.slice(warned).filter((w) => w.host === 'host2' && w.issue === 'events for nodes this host has not claimed');
    assert.equal(unclaimed.length, 1);
    assert.equal(unclaimed[0]!.node, 'node4');
  });

  test('a wrong credential, or a host id that is not an id, is refused at the handshake', async () => {
    const refusals: Array<Record<string, unknown>> = [
      { host: 'host1', credential: hostCredential(CLUSTER_TOKEN, 'host2') },
      { host: 'host1', credential: hostCredential(`${CLUSTER_TOKEN}x`, 'host1') },
      { host: 'host1', credential: CLUSTER_TOKEN },
      { host: 'host1', credential: reportTicket(CLUSTER_TOKEN, 'host1', 'node1') },
      { host: 'host1', credential: hostCredential(CLUSTER_TOKEN, 'host1').slice(0, -1) },
      { host: 'host1', credential: '' },
      { host: 'host1' },
      { host: 'has spaces', credential: hostCredential(CLUSTER_TOKEN, 'has spaces') },
      { host: 'x'.repeat(65), credential: hostCredential(CLUSTER_TOKEN, 'x'.repeat(65)) },
    ];
    for (const auth of refusals)
      await assert.rejects(connectIngest(server.url, auth), /unauthorized: a valid host credential is required/, JSON.stringify(auth));
  });

  test("a ticket for another host, node or cluster is refused with unauthorized, and that node's events are dropped", async () => {
    const socket = await host('host3');
    const refused = [
      reportTicket(CLUSTER_TOKEN, 'host1', 'node5'),
      reportTicket(CLUSTER_TOKEN, 'host3', 'node6'),
      reportTicket(`${CLUSTER_TOKEN}x`, 'host3', 'node5'),
      hostCredential(CLUSTER_TOKEN, 'host3'),
      CLUSTER_TOKEN,
    ];
    for (const ticket of refused) {
      const answer = await claim(socket, 'host3', 'node5', ticket);
      assert.equal(answer.ok, false);
      assert.equal(!answer.ok && answer.error.code, 'unauthorized');
    }
    const before = server.hub.stats();
    sendReports(socket, [stopping('node5')]);
    await settled(socket, 'host3');
    assert.equal(server.hub.stats().rejected - before.rejected, 1);
    assert.equal(server.hub.stats().ingested, before.ingested);
  });

  test('a malformed claim or release is answered or ignored, never thrown on, and the connection stays', async () => {
    const socket = await host('host4');
    const timed = socket.timeout(5_000);
    const emit = timed.emitWithAck.bind(timed) as (event: string, ...args: unknown[]) => Promise<unknown>;
    for (const request of [undefined, null, 'node1', { node: 'node1' }, { node: 'has spaces', ticket: 'x' }, { node: 'node1', ticket: 7 }, { ticket: 'x' }]) {
      const answer = (await emit('telemetry:claim', request)) as { ok: boolean; error?: { code: string } };
      assert.equal(answer.ok, false, JSON.stringify(request));
      assert.equal(answer.error?.code, 'invalid_body');
    }
    // A claim with nothing but the acknowledgement is answered too.
    assert.equal(((await emit('telemetry:claim')) as { error?: { code: string } }).error?.code, 'invalid_body');
    // Without an acknowledgement, and releases of anything at all.
    (socket.emit as (event: string, ...args: unknown[]) => void)('telemetry:claim', { node: 'node1', ticket: reportTicket(CLUSTER_TOKEN, 'host4', 'node1') });
    for (const request of [undefined, 'node1', { node: {} }, { node: 'never-claimed' }])
      (socket.emit as (event: string, ...args: unknown[]) => void)('telemetry:release', request);
    const seq = server.hub.seq;
    sendReports(socket, [stopping('node1')]);
    assert.deepEqual(await appliedSince(seq, 1), [['node:stopping', 'node1', 'node1']]);
    assert.ok(socket.connected);
  });

  test('after a release, and on a new connection until it claims again, the node’s events are dropped', async () => {
    const first = await host('host5');
    assert.equal((await claim(first, 'host5', 'node7')).ok, true);
    first.emit('telemetry:release', { node: 'node7' });
    let before = server.hub.stats();
    sendReports(first, [stopping('node7')]);
    await settled(first, 'host5');
    assert.equal(server.hub.stats().rejected - before.rejected, 1, 'released: dropped');
    first.close();

    // A reconnect is a new connection: the claims of the old one are gone.
    const second = await host('host5');
    before = server.hub.stats();
    sendReports(second, [stopping('node7')]);
    await settled(second, 'host5');
    assert.equal(server.hub.stats().rejected - before.rejected, 1, 'not claimed on this connection: dropped');
    assert.equal((await claim(second, 'host5', 'node7')).ok, true);
    const seq = server.hub.seq;
    sendReports(second, [stopping('node7')]);
    assert.deepEqual(await appliedSince(seq, 1), [['node:stopping', 'node7', 'node7']]);
  });

  test('a cluster-token connection cannot speak for another source, even by naming one in its events', async () => {
    const socket = open(await connectIngest(server.url, { token: CLUSTER_TOKEN, source: 'node8' }), (s) => s.close());
    const seq = server.hub.seq;
    sendReports(socket, [stopping('node8', 'bootstrap')]);
    assert.deepEqual(await appliedSince(seq, 1), [['node:stopping', 'node8', 'node8']]);
  });

  test('the host reporter: one connection for many nodes, stamped right, claims again after the hub drops it', async () => {
    const ingest = server.io.of(INGEST_NAMESPACE);
    const hostSockets = () => [...ingest.sockets.values()].filter((socket) => socket.handshake.auth.host === 'host6');
    const hostReporter = open(createHostReporter({ hubUrl: server.url, hostId: 'host6', credential: hostCredential(CLUSTER_TOKEN, 'host6') }), (h) =>
      h.close(),
    );
    const nodes = ['node10', 'node11', 'node12'].map((id) => hostReporter.forNode(id, reportTicket(CLUSTER_TOKEN, 'host6', id)));
    await waitFor('every claim accepted', () => nodes.every((node) => node.connected));
    assert.equal(hostSockets().length, 1, 'one socket for the host');
    let seq = server.hub.seq;
    nodes.forEach((node, i) => node.emit({ type: 'node:stopping', nodeId: `node${10 + i}` }));
    assert.deepEqual(await appliedSince(seq, 3), [
      ['node:stopping', 'node10', 'node10'],
      ['node:stopping', 'node11', 'node11'],
      ['node:stopping', 'node12', 'node12'],
    ]);

    // The hub closes the transport (as a network fault would): the reporter reconnects and claims again.
    const rejected = server.hub.stats().rejected;
    for (const socket of hostSockets()) socket.conn.close();
    await waitFor('disconnected', () => !hostReporter.connected);
    seq = server.hub.seq;
    nodes[1]!.emit({ type: 'node:stopping', nodeId: 'node11' });
    await waitFor('reconnected and claimed', () => nodes.every((node) => node.connected), 10_000);
    assert.deepEqual(await appliedSince(seq, 1), [['node:stopping', 'node11', 'node11']]);
    assert.equal(server.hub.stats().rejected, rejected, 'nothing sent before its claim');
  });
});
