import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { encodeReports, MAX_EVENTS_PER_REPORT, MAX_REPORT_BYTES, type ReportedEvent, type TelemetryEvent } from '@peerscope/protocol';
import { sleep, waitFor } from '../../../test/support/wait.js';
import { BATCH_BURST } from '../server/hub/batch-pace.js';
import {
  cleanup,
  Browser,
  CLUSTER_TOKEN,
  connectIngest,
  messageEvents,
  picture,
  range,
  registered,
  reportedBy,
  sendReports,
  T0,
  startHub,
  trafficEvents,
  SHOWN_TEXT_LENGTH,
  type HubServer,
  type IngestSocket,
} from './helpers.js';

const fiveNodes = ['node1', 'node2', 'node3', 'node4', 'node5'].map((id) => registered(id));

describe('hub /ingest', () => {
  let server: HubServer;
  const open = cleanup();
  before(async () => {
    server = await startHub();
  });
  after(() => server.close());

  const reporter = async (auth?: Record<string, unknown>) => open(await connectIngest(server.url, auth), (s) => s.close());

  test('refuses a reporter without the right cluster token', async () => {
    const refusals: Array<Record<string, unknown> | undefined> = [
      {},
      { source: 'node1' },
      { token: 'not-the-cluster-token', source: 'node1' },
      { token: `${CLUSTER_TOKEN}x`, source: 'node1' },
      { token: CLUSTER_TOKEN.slice(0, -1), source: 'node1' },
      // The right token but no source (or an empty one) is not a valid handshake either.
      { token: CLUSTER_TOKEN },
      { token: CLUSTER_TOKEN, source: '' },
    ];
    for (const auth of refusals) {
      await assert.rejects(connectIngest(server.url, auth), /unauthorized/, JSON.stringify(auth));
    }
    assert.equal(server.hub.seq, 0);
  });

  test('a reporter with the token can report; events become numbered changes of the picture', async () => {
    const before = server.hub.stats();
    const socket = await reporter({ token: CLUSTER_TOKEN, source: 'bootstrap' });
    // The bootstrap's connection is itself a change: the hub records it up.
    await waitFor('the bootstrap up', () => server.hub.view.bootstrap?.up === true);
    assert.equal(server.hub.seq, 1);
    const m = messageEvents('first', 'node1', 'node2', 'hello');
    sendReports(socket, [...fiveNodes.slice(0, 2), m.sent]);
    sendReports(socket, [m.received, m.delivered]);
    await waitFor('5 events applied', () => server.hub.seq === 6);
    assert.deepEqual([...server.hub.view.nodes.keys()], ['node1', 'node2']);
    assert.equal(server.hub.view.messages.get('first')!.status, 'delivered');
    assert.deepEqual(server.hub.view.counters, { sent: 1, delivered: 1, failed: 0, received: 1 });
    assert.equal(server.hub.stats().ingested - before.ingested, 5);
    assert.equal(server.hub.stats().rejected, before.rejected);
  });

  test("the bootstrap's presence: up while its reporter is connected, down once the last connection closes; no reporter can claim it", async () => {
    const browser = open(await Browser.open(server.url), (b) => b.close());
    await browser.subscribe();
    const first = await reporter({ token: CLUSTER_TOKEN, source: 'bootstrap' });
    const second = await reporter({ token: CLUSTER_TOKEN, source: 'bootstrap' });
    await waitFor('the bootstrap up', () => server.hub.view.bootstrap?.up === true);
    // A node's report cannot say the bootstrap is down: counted as rejected, not applied.
    const rejected = server.hub.stats().rejected;
    sendReports(await reporter(), [{ type: 'bootstrap:status-changed', up: false, at: T0, source: 'node1' } as TelemetryEvent]);
    await waitFor('the claim refused', () => server.hub.stats().rejected === rejected + 1);
    assert.equal(server.hub.view.bootstrap?.up, true);
    // One of two connections closes (a reconnect overlapping): still up. The last one: down, and every page hears it.
    first.close();
    await sleep(200);
    assert.equal(server.hub.view.bootstrap?.up, true);
    second.close();
    await waitFor('the bootstrap down', () => server.hub.view.bootstrap?.up === false);
    await waitFor('the page told', () => browser.view?.bootstrap?.up === false);
    assert.match(server.hub.view.activity.at(-1)!.text, /^bootstrap down/);
  });

  test('a malformed report is rejected and counted, not applied, and the hub keeps going', async () => {
    const socket = await reporter();
    const start = server.hub.stats();
    const seq = server.hub.seq;
    const picked = picture(server.hub.view);
    const ok = registered('node9');
    const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const malformed: unknown[] = [
      // Not binary: a report is UTF-8 JSON in a binary attachment, never a plain Socket.IO argument.
      'not an array',
      [ok],
      null,
      // Binary, but not UTF-8 JSON, or too large.
      new Uint8Array([0xff, 0xfe, 0x5b, 0x5d]),
      new TextEncoder().encode('[{"type":'),
      new Uint8Array(MAX_REPORT_BYTES + 1).fill(0x20),
      // JSON, but not a report.
      json('not an array'),
      json({ type: 'node:registered' }),
      json([{ type: 'node:exploded', at: 1 }]),
      json([{ ...ok, at: -1 }]),
      json([{ type: 'message:sent', id: 'has spaces', from: 'node1', to: 'node2', text: 'x', at: 1 }]),
      // One bad event spoils the report: none of it is applied, not even the valid first event.
      json([ok, { ...ok, node: { ...ok.node, url: 'ftp://127.0.0.1/' } }]),
      json(Array.from({ length: MAX_EVENTS_PER_REPORT + 1 }, () => ok)),
    ];
    for (const report of malformed) (socket.emit as (event: string, report: unknown) => void)('telemetry:report', report);
    // A report without any payload at all.
    (socket.emit as (event: string) => void)('telemetry:report');
    await waitFor('every malformed report rejected', () => server.hub.stats().rejected - start.rejected === malformed.length + 1);
    assert.equal(server.hub.seq, seq);
    assert.deepEqual(picture(server.hub.view), picked);
    assert.equal(server.hub.stats().ingested, start.ingested);

    // Same connection, still served.
    assert.ok(socket.connected);
    sendReports(socket, [ok]);
    await waitFor('the valid report applied', () => server.hub.seq === seq + 1);
    assert.ok(server.hub.view.nodes.has('node9'));
  });

  test('every event gets the source of the connection it came on, whatever it claimed', async () => {
    const browser = open(await Browser.open(server.url), (b) => b.close());
    await browser.subscribe();
    const socket = await reporter({ token: CLUSTER_TOKEN, source: 'node3' });
    const seq = server.hub.seq;
    sendReports(socket, [registered('node10'), { type: 'node:stopping', nodeId: 'node3', at: T0 }]);
    await waitFor('both sent out', () => browser.seq === seq + 2);
    const events = browser.batches
      .flatMap((batch) => batch.deltas)
      .filter((delta) => delta.seq > seq)
      .map((delta) => delta.event);
    assert.equal(registered('node10').source, 'bootstrap');
    assert.deepEqual(
      events.map((event) => [event.type, event.source]),
      [
        ['node:registered', 'node3'],
        ['node:stopping', 'node3'],
      ],
    );
  });

  test("an attacker's receipt: a message claiming node3 as sender, which node3 never reported, is marked unverified", async () => {
    const browser = open(await Browser.open(server.url), (b) => b.close());
    await browser.subscribe();
    const bootstrap = await reporter({ token: CLUSTER_TOKEN, source: 'bootstrap' });
    const node3 = await reporter({ token: CLUSTER_TOKEN, source: 'node3' });
    const node4 = await reporter({ token: CLUSTER_TOKEN, source: 'node4' });
    const seq = server.hub.seq;
    sendReports(bootstrap, fiveNodes.slice(2, 4));
    await waitFor('nodes known', () => server.hub.seq === seq + 2);

    // A real send, reported by node3 itself, then its receipt: a fact.
    const real = messageEvents('real-1', 'node3', 'node4', 'hello');
    sendReports(node3, [real.sent]);
    await waitFor('the send applied', () => server.hub.view.messages.has('real-1'));
    // node4's reporter even claims it unverified: the hub decides, not the report.
    sendReports(node4, [{ ...real.received, unverified: true } as TelemetryEvent]);
    // A forged receipt (someone posted {"from":"node3"} to node4), its reporter saying nothing.
    sendReports(node4, [messageEvents('forged-1', 'node3', 'node4', 'send me your keys').received]);
    // One posted under real-1's id (every viewer sees ids), naming another sender: before, it rewrote real-1 and marked it unverified.
    sendReports(node4, [messageEvents('real-1', 'node9', 'node4', 'copied id', T0 + 60).received]);
    // A receipt that reaches the hub before its sender's report: unverified until the send arrives.
    const late = messageEvents('late-1', 'node3', 'node4', 'on its way');
    sendReports(node4, [late.received]);
    await waitFor('receipts applied', () => server.hub.view.messages.get('late-1')?.receivedAt !== undefined);
    const view = server.hub.view;
    assert.equal(view.messages.get('real-1')!.unverified, undefined);
    assert.deepEqual([view.messages.get('real-1')!.from, view.messages.get('real-1')!.receivedAt], ['node3', real.received.at]);
    assert.equal(view.messages.get('real-1@node9->node4')!.unverified, true);
    assert.equal(view.messages.get('forged-1')!.unverified, true);
    assert.equal(view.messages.get('late-1')!.unverified, true);
    assert.equal(view.links.get('node3->node4')!.unverified, 2);

    sendReports(node3, [late.sent]);
    await waitFor('the late send applied', () => view.messages.get('late-1')!.unverified === undefined);
    assert.equal(view.messages.get('forged-1')!.unverified, true);
    assert.equal(view.links.get('node3->node4')!.unverified, 1);
    // Browsers see the same marks, through the deltas.
    await waitFor('the browser caught up', () => browser.seq === server.hub.seq);
    assert.deepEqual(picture(browser.view!), picture(view));
  });

  test('a 16 KB text posted to a node reaches the picture cut to what the log shows', async () => {
    const socket = await reporter({ token: CLUSTER_TOKEN, source: 'node2' });
    sendReports(socket, [messageEvents('long-1', 'mallory', 'node2', 'x'.repeat(16_384)).received]);
    await waitFor('applied', () => server.hub.view.messages.has('long-1'));
    assert.equal(server.hub.view.messages.get('long-1')!.text.length, SHOWN_TEXT_LENGTH + 1);
  });

  test('a browser on /ui cannot report', async () => {
    const browser = open(await Browser.open(server.url), (b) => b.close());
    const seq = server.hub.seq;
    const [intrusion] = encodeReports([registered('intruder')]);
    (browser.socket.emit as (event: string, report: unknown) => void)('telemetry:report', intrusion);
    // Packets of one socket are handled in order: once the ack is back, the report was seen.
    await browser.subscribe();
    assert.equal(server.hub.seq, seq);
    assert.ok(!server.hub.view.nodes.has('intruder'));
  });
});

describe('hub /ui', () => {
  const open = cleanup();
  const browserOn = async (server: HubServer) => open(await Browser.open(server.url), (b) => b.close());
  const reporterOn = async (server: HubServer): Promise<IngestSocket> => open(await connectIngest(server.url), (s) => s.close());
  /** A hub with a probe browser subscribed from the start, which tells when a batch has gone out. */
  const hubServer = async (options: Parameters<typeof startHub>[0] = {}) => {
    const server = open(await startHub(options), (s) => s.close());
    const probe = await browserOn(server);
    await probe.subscribe();
    return Object.assign(server, { probe });
  };

  /** Reports `events` (in reports of at most 500) and waits until the hub has sent them out. */
  async function report(server: HubServer & { probe: Browser }, socket: IngestSocket, events: TelemetryEvent[]) {
    const target = server.hub.seq + events.length;
    sendReports(socket, events);
    await waitFor(`deltas up to ${target} sent`, () => server.probe.seq === target, 10_000, 5);
  }

  test('subscribe: a snapshot with epoch and seq, then an ack; then numbered deltas in batches', async () => {
    const server = await hubServer();
    const reporter = await reporterOn(server);
    await report(server, reporter, fiveNodes);

    const browser = await browserOn(server);
    const answer = await browser.subscribe({});
    assert.deepEqual(answer, { ok: true, data: { mode: 'snapshot', epoch: server.hub.epoch, seq: 5 } });
    // The snapshot came before the ack.
    assert.equal(browser.snapshots.length, 1);
    const [snapshot] = browser.snapshots;
    assert.equal(snapshot!.epoch, server.hub.epoch);
    assert.equal(snapshot!.seq, 5);
    assert.deepEqual(snapshot, server.hub.view.snapshot(server.hub.epoch, 5));
    assert.equal(snapshot!.nodes.length, 5);

    const m = messageEvents('live', 'node1', 'node2', 'watch this');
    await report(server, reporter, [m.sent, m.received, m.delivered]);
    await waitFor('the deltas', () => browser.seq === 8);
    assert.deepEqual(
      browser.received().map((d) => [d.seq, d.event.type]),
      [
        [6, 'message:sent'],
        [7, 'message:received'],
        [8, 'message:delivered'],
      ],
    );
    // The reporter here is not node1's own connection, so the hub marks the receipt unverified.
    assert.deepEqual(
      browser.received().map((d) => d.event),
      reportedBy('test', [m.sent, { ...m.received, unverified: true }, m.delivered]),
    );
    assert.deepEqual(picture(browser.view!), picture(server.hub.view));
  });

  test('an invalid subscribe is answered with invalid_body and gets nothing', async () => {
    const server = await hubServer();
    const browser = await browserOn(server);
    for (const request of [{ since: -1 }, { since: 1.5 }, { epoch: 'x'.repeat(65) }, { since: '3' }]) {
      const answer = await browser.subscribe(request as never);
      assert.equal(answer.ok, false, JSON.stringify(request));
      assert.equal(!answer.ok && answer.error.code, 'invalid_body');
    }
    const reporter = await reporterOn(server);
    await report(server, reporter, fiveNodes);
    // Another browser that did subscribe sees the batch; the refused one got nothing.
    const watcher = await browserOn(server);
    await watcher.subscribe();
    await report(server, reporter, [registered('node6')]);
    await waitFor('the watcher got node6', () => watcher.seq === 6);
    assert.deepEqual(browser.snapshots, []);
    assert.deepEqual(browser.batches, []);
  });

  test('a connection that subscribes in a loop is refused rate_limited past 10 at once, with no picture; others are not, and it may again a second later', async () => {
    const server = await hubServer();
    const browser = await browserOn(server);
    for (let i = 0; i < 10; i++) assert.equal((await browser.subscribe()).ok, true, `subscribe ${i + 1}`);
    const refused = await browser.subscribe();
    assert.equal(!refused.ok && refused.error.code, 'rate_limited');
    assert.equal(browser.snapshots.length, 10, 'no picture built for the refused one');
    const other = await browserOn(server);
    assert.equal((await other.subscribe()).ok, true, 'the limit is per connection');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal((await browser.subscribe()).ok, true);
  });

  test('a subscribe with no request, or with extra arguments, is still answered (the ack is the last argument)', async () => {
    const server = await hubServer();
    const browser = await browserOn(server);
    const socket = browser.socket as unknown as { timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> } };
    const bare = await socket.timeout(5_000).emitWithAck('network:subscribe');
    assert.deepEqual(bare, { ok: true, data: { mode: 'snapshot', epoch: server.hub.epoch, seq: 0 } });
    const extra = await socket.timeout(5_000).emitWithAck('network:subscribe', {}, 'extra', 42);
    assert.deepEqual(extra, bare, 'the request is the first argument; extra ones are ignored');
  });

  test("a message's opening events wait for its outcome, and the exchange goes in one batch at once; past the burst, batches wait", async () => {
    // A minute between batches on average, and a minute of hold: what a browser gets at once came from the burst.
    const server = await hubServer({ batchMs: 60_000, batchHoldMs: 60_000 });
    const sender = await reporterOn(server);
    const receiver = await reporterOn(server);
    assert.equal(BATCH_BURST, 2);
    // Two reporters, as a send's two ends are: the sender's send, the receiver's receipt, then the sender's outcome.
    const exchange = async (m: ReturnType<typeof messageEvents>, outcome: ReportedEvent) => {
      sendReports(sender, [m.sent]);
      sendReports(receiver, [m.received]);
      await waitFor('the hub has both', () => server.hub.seq === server.probe.seq + 2, 10_000, 5);
      return () => sendReports(sender, [outcome]);
    };
    const m1 = messageEvents('m1', 'node1', 'node2', 'hi');
    const outcome1 = await exchange(m1, m1.delivered);
    await sleep(200);
    assert.equal(server.probe.seq, 0, 'the send and the receipt wait for the outcome');
    outcome1();
    await waitFor('the exchange, at once', () => server.probe.seq === 3, 10_000, 5);
    assert.equal(server.probe.batches.length, 1, 'in one batch');
    const m2 = messageEvents('m2', 'node1', 'node3', 'hi');
    (await exchange(m2, { type: 'message:failed', id: 'm2', from: 'node1', to: 'node3', latencyMs: 1, error: { code: 'lost', message: 'lost' }, at: T0 }))();
    await waitFor('the second exchange, at once', () => server.probe.seq === 6, 10_000, 5);
    sendReports(sender, [registered('node6')]);
    await waitFor('the hub has it', () => server.hub.seq === 7, 10_000, 5);
    await sleep(300);
    assert.equal(server.probe.seq, 6, 'the bucket is empty: the next batch waits for its turn');
    // A browser subscribing sends what waited to those already live, in order.
    await (await browserOn(server)).subscribe();
    await waitFor('the waiting batch', () => server.probe.seq === 7, 10_000, 5);
    assert.deepEqual(
      server.probe.batches.map((batch) => batch.deltas.map((d) => d.event.type)),
      [['message:sent', 'message:received', 'message:delivered'], ['message:sent', 'message:received', 'message:failed'], ['node:registered']],
    );
  });

  test("a receipt that comes after its message's outcome rides with the next batch, so the next outcome finds its token", async () => {
    // A minute per token and of trailing; a short hold: on a batch of its own the late receipt would
    // spend the burst's second token, and the next exchange would wait a minute for one.
    const server = await hubServer({ batchMs: 60_000, batchHoldMs: 20, batchTrailMs: 60_000 });
    const sender = await reporterOn(server);
    const receiver = await reporterOn(server);
    const m1 = messageEvents('m1', 'node1', 'node2', 'hi');
    sendReports(sender, [m1.sent, m1.delivered]);
    await waitFor('the first exchange, at once', () => server.probe.seq === 2, 10_000, 5);
    sendReports(receiver, [m1.received]);
    await waitFor('the hub has the late receipt', () => server.hub.seq === 3, 10_000, 5);
    await sleep(200);
    assert.equal(server.probe.seq, 2, 'the late receipt waits for the next batch');
    const m2 = messageEvents('m2', 'node1', 'node3', 'hi');
    sendReports(sender, [m2.sent]);
    sendReports(receiver, [m2.received]);
    await waitFor('the hub has both', () => server.hub.seq === 5, 10_000, 5);
    sendReports(sender, [m2.delivered]);
    await waitFor('the second exchange, at once', () => server.probe.seq === 6, 10_000, 5);
    assert.deepEqual(
      server.probe.batches.map((batch) => batch.deltas.map((d) => `${d.event.type} ${'id' in d.event ? d.event.id : ''}`)),
      [
        ['message:sent m1', 'message:delivered m1'],
        ['message:received m1', 'message:sent m2', 'message:received m2', 'message:delivered m2'],
      ],
    );
  });

  test('a burst of 5,000 events: at most one batch per ~50 ms, every delta once and in order, to each browser', async () => {
    const server = await hubServer();
    const reporter = await reporterOn(server);
    await report(server, reporter, fiveNodes);
    const browsers = [await browserOn(server), await browserOn(server)];
    for (const browser of browsers) assert.equal((await browser.subscribe()).ok, true);

    // 100 reports of 50 events, one every 10 ms: about 1 s of traffic.
    const burst = trafficEvents(5_000);
    const started = performance.now();
    for (let i = 0; i < burst.length; i += 50) {
      sendReports(reporter, burst.slice(i, i + 50));
      await sleep(10);
    }
    const last = 5 + burst.length;
    await waitFor('every browser caught up', () => browsers.every((b) => b.seq === last), 15_000);
    const elapsed = performance.now() - started;

    for (const browser of browsers) {
      const received = browser.received();
      assert.deepEqual(
        received.map((d) => d.seq),
        range(6, last),
        'every delta exactly once, in order',
      );
      assert.deepEqual(
        received.map((d) => d.event),
        reportedBy('test', burst),
      );
      assert.deepEqual(browser.gaps, []);
      for (const batch of browser.batches) {
        assert.ok(batch.deltas.length > 0, 'no empty batches');
        assert.deepEqual(
          batch.deltas.map((d) => d.seq),
          range(batch.deltas[0]!.seq, batch.deltas.at(-1)!.seq),
          'consecutive inside a batch',
        );
      }
      // The hub sends at most one batch per 50 ms on average, after the burst a quiet hub may send
      // at once. Arrival gaps jitter with the machine's load (a late batch followed by an on-time
      // one arrive close together), so the bound is on the count.
      assert.ok(browser.batches.length <= BATCH_BURST + Math.ceil(elapsed / 50) + 1, `${browser.batches.length} batches in ${elapsed.toFixed(0)} ms`);
      assert.ok(browser.batches.length >= 5, `the burst was spread over batches, not sent as one (${browser.batches.length})`);
      assert.deepEqual(picture(browser.view!), picture(server.hub.view));
    }
    // Both browsers saw exactly the same batches.
    assert.deepEqual(
      browsers[0]!.batches.map((b) => b.deltas),
      browsers[1]!.batches.map((b) => b.deltas),
    );
    assert.equal(server.hub.stats().ingested, 5 + burst.length);
    assert.equal(server.hub.stats().rejected, 0);
    assert.equal(server.hub.stats().batches, browsers[0]!.batches.length + 1);
  });

  test('a browser that reconnects with {epoch, since} gets exactly what it missed, then the live stream', async () => {
    const server = await hubServer();
    const reporter = await reporterOn(server);
    await report(server, reporter, fiveNodes);
    const watcher = await browserOn(server);
    const browser = await browserOn(server);
    await watcher.subscribe();
    await browser.subscribe();
    await report(server, reporter, trafficEvents(20));
    await waitFor('the browser at 25', () => browser.seq === 25);

    browser.socket.disconnect();
    // report() waits until the hub has sent its batch, so what the browser missed is settled.
    await report(server, reporter, trafficEvents(30, 100));

    await browser.connect();
    const wireBefore = browser.received().length;
    const answer = await browser.resume();
    assert.deepEqual(answer, { ok: true, data: { mode: 'resume', epoch: server.hub.epoch, seq: 55 } });
    assert.equal(browser.snapshots.length, 1, 'no new snapshot');
    assert.deepEqual(
      browser
        .received()
        .slice(wireBefore)
        .map((d) => d.seq),
      range(26, 55),
      'exactly the missed deltas',
    );

    await report(server, reporter, trafficEvents(10, 200));
    await waitFor('both at 65', () => browser.seq === 65 && watcher.seq === 65);
    assert.deepEqual(
      browser.received().map((d) => d.seq),
      range(6, 65),
      'no gap, no duplicate',
    );
    assert.deepEqual(browser.applied, watcher.applied, 'both browsers saw the same sequence');
    assert.deepEqual(picture(browser.view!), picture(server.hub.view));
    assert.deepEqual(picture(watcher.view!), picture(server.hub.view));
  });

  test('a browser that resumes while traffic flows loses nothing and applies nothing twice', async () => {
    const server = await hubServer();
    const reporter = await reporterOn(server);
    await report(server, reporter, fiveNodes);
    const watcher = await browserOn(server);
    const browser = await browserOn(server);
    await watcher.subscribe();
    await browser.subscribe();

    const traffic = trafficEvents(3_000);
    let sentReports = 0;
    const flowing = (async () => {
      for (let i = 0; i < traffic.length; i += 30, sentReports++) {
        sendReports(reporter, traffic.slice(i, i + 30));
        await sleep(5);
      }
    })();
    // A page that subscribes mid-flow, while a batch is waiting to go out.
    await waitFor('some traffic', () => sentReports >= 10);
    const late = await browserOn(server);
    await late.subscribe();
    // Drop and resume a few times in the middle of the flow.
    for (let round = 0; round < 3; round++) {
      await waitFor('some traffic', () => sentReports >= (round + 1) * 25);
      browser.socket.disconnect();
      await sleep(20);
      await browser.connect();
      const answer = await browser.resume();
      assert.equal(answer.ok && answer.data.mode, 'resume');
    }
    await flowing;
    const last = 5 + traffic.length;
    await waitFor('both caught up', () => browser.seq === last && watcher.seq === last, 10_000);
    assert.deepEqual(browser.gaps, []);
    assert.deepEqual(
      browser.applied.map((d) => d.seq),
      range(6, last),
    );
    assert.deepEqual(browser.applied, watcher.applied);
    assert.deepEqual(picture(browser.view!), picture(server.hub.view));
    // Nothing doubled on the wire either: no delta the snapshot or the resume already covered.
    for (const [name, page] of Object.entries({ browser, watcher, late })) {
      const wire = page.received().map((d) => d.seq);
      assert.equal(new Set(wire).size, wire.length, `${name} got a delta twice`);
    }
    await waitFor('the late page caught up', () => late.seq === last, 10_000);
    assert.ok(
      late.received().every((d) => d.seq > late.snapshots[0]!.seq),
      'a page that subscribed mid-batch gets only what came after its snapshot',
    );
  });

  test('a resume from beyond the journal, from the future or from another epoch gets a fresh snapshot', async () => {
    const server = await hubServer({ journalSize: 10 });
    const reporter = await reporterOn(server);
    await report(server, reporter, fiveNodes);
    const browser = await browserOn(server);
    await browser.subscribe();
    const { epoch } = server.hub;

    browser.socket.disconnect();
    await report(server, reporter, trafficEvents(30));
    await browser.connect();
    // It applied up to 5; the journal holds 26..35 only.
    assert.equal(browser.seq, 5);
    const answer = await browser.resume();
    assert.deepEqual(answer, { ok: true, data: { mode: 'snapshot', epoch, seq: 35 } });
    assert.equal(browser.snapshots.length, 2);
    assert.equal(browser.snapshots[1]!.seq, 35);
    assert.deepEqual(picture(browser.view!), picture(server.hub.view));

    // Just inside the journal: a resume.
    const inside = await browserOn(server);
    assert.deepEqual(await inside.subscribe({ epoch, since: 25 }), { ok: true, data: { mode: 'resume', epoch, seq: 35 } });
    assert.deepEqual(
      inside.received().map((d) => d.seq),
      range(26, 35),
    );
    // Up to date: a resume with nothing to send.
    const current = await browserOn(server);
    assert.deepEqual(await current.subscribe({ epoch, since: 35 }), { ok: true, data: { mode: 'resume', epoch, seq: 35 } });
    // One short of the journal, ahead of the hub, another epoch, or no epoch: a snapshot.
    for (const request of [{ epoch, since: 24 }, { epoch, since: 36 }, { epoch: 'another', since: 30 }, { since: 30 }]) {
      const fresh = await browserOn(server);
      const fresher = await fresh.subscribe(request);
      assert.deepEqual(fresher, { ok: true, data: { mode: 'snapshot', epoch, seq: 35 } }, JSON.stringify(request));
      assert.equal(fresh.snapshots.length, 1);
      assert.deepEqual(fresh.batches, []);
    }
    assert.deepEqual(current.batches, []);
    assert.deepEqual(current.snapshots, []);
  });

  test('a restarted hub is another epoch: the old numbers get a snapshot, not a wrong resume', async () => {
    const first = await hubServer();
    const reporter = await reporterOn(first);
    await report(first, reporter, fiveNodes);
    const second = await hubServer();
    assert.notEqual(second.hub.epoch, first.hub.epoch);
    const secondReporter = await reporterOn(second);
    await report(second, secondReporter, [...fiveNodes, registered('node6'), registered('node7')]);

    const browser = await browserOn(second);
    const answer = await browser.subscribe({ epoch: first.hub.epoch, since: 5 });
    assert.deepEqual(answer, { ok: true, data: { mode: 'snapshot', epoch: second.hub.epoch, seq: 7 } });
    assert.equal(browser.view!.nodes.size, 7);
  });
});
