import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { INGEST_NAMESPACE, MAX_REPORT_BYTES, NodeIdSchema, UI_NAMESPACE, type Delta } from '@peerscope/protocol';
import { hostCredential, reportTicket } from '@peerscope/server-kit';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { waitFor } from '../support/wait.js';
import { FUZZ_RUNS, FUZZ_SEED, fuzzAssert, SUITE_TIMEOUT_MS } from './support/budget.js';
import { anyId, validId } from './support/ids.js';
import { checkOutcome } from './support/invariants.js';
import { nastyJson } from './support/json.js';
import { anyReport, rawPacket } from './support/packets.js';
import { ANSWER_WITHIN_MS, printable, send } from './support/request.js';
import { afterwardsTest, fuzzSuite } from './support/suite.js';

type Connected = { socket: Socket; connected: true } | { socket: Socket; connected: false; why: string };

/** Connects to a namespace and resolves once it is connected or refused (never waits past the bound). */
function connect(url: string, options: { auth?: unknown; origin?: string } = {}): Promise<Connected> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: ANSWER_WITHIN_MS,
    auth: options.auth as Record<string, unknown>,
    ...(options.origin && { extraHeaders: { origin: options.origin } }),
  });
  return new Promise((resolve, reject) => {
    const late = setTimeout(() => reject(new Error(`no connect or connect_error within ${ANSWER_WITHIN_MS * 2} ms`)), ANSWER_WITHIN_MS * 2);
    socket.once('connect', () => (clearTimeout(late), resolve({ socket, connected: true })));
    socket.once('connect_error', (err) => (clearTimeout(late), resolve({ socket, connected: false, why: err.message })));
    // A handshake the server cannot parse (auth that is not an object) closes the connection instead.
    socket.io.once('close', (why) => (clearTimeout(late), resolve({ socket, connected: false, why: `closed: ${why}` })));
  });
}

/** A plain subscribe on `socket`, answered with a picture within the bound. */
async function assertSubscribed(socket: Socket): Promise<void> {
  const answer = await socket.timeout(ANSWER_WITHIN_MS).emitWithAck('network:subscribe', {});
  assert.equal(answer?.ok, true, `the hub answered a plain subscribe with ${JSON.stringify(answer)}`);
}

/**
 * The hub is alive and serving browsers: a page opened now connects and gets its picture. A new
 * connection each time, as one connection may subscribe only so often (10 at once, then 1 a second).
 */
async function assertHubAnswers(url: string): Promise<void> {
  const { socket, connected } = await connect(url);
  try {
    assert.ok(connected, 'a browser could not connect to /ui');
    await assertSubscribed(socket);
  } finally {
    socket.close();
  }
}

describe('fuzz: the hub (Socket.IO /ui and /ingest)', { timeout: SUITE_TIMEOUT_MS }, () => {
  const system = fuzzSuite();
  const ui = () => `${system().dashboardUrl}${UI_NAMESPACE}`;
  const ingest = () => `${system().dashboardUrl}${INGEST_NAMESPACE}`;
  const open: Socket[] = [];
  const probe = async () => {
    const probe = await connect(ui());
    open.push(probe.socket);
    assert.ok(probe.connected, 'a browser could not connect to /ui');
    return probe.socket;
  };
  after(() => open.forEach((s) => s.close()));

  test('/ui: generated subscribe requests and events are answered or ignored, and the hub keeps serving', async () => {
    const event = fc.oneof(
      { weight: 3, arbitrary: fc.constant('network:subscribe') },
      { weight: 1, arbitrary: fc.constantFrom('network:snapshot', 'network:deltas', 'telemetry:report', '__proto__', 'constructor', 'x'.repeat(1000)) },
    );
    const payload = fc.oneof(nastyJson, fc.record({ epoch: nastyJson, since: nastyJson }, { requiredKeys: [] }), fc.constant({}));
    await fuzzAssert(fc.array(fc.tuple(event, fc.array(payload, { maxLength: 3 }), fc.boolean()), { minLength: 1, maxLength: 5 }), async (emits) => {
      const { socket, connected } = await connect(ui());
      open.push(socket);
      assert.ok(connected, 'a browser could not connect to /ui');
      for (const [name, args, withAck] of emits) {
        if (!withAck) {
          socket.emit(name, ...args);
          continue;
        }
        const answer = await socket
          .timeout(ANSWER_WITHIN_MS)
          .emitWithAck(name, ...args)
          .catch((err: Error) => err);
        // A subscribe (one request, then the ack) is always answered; with more arguments the ack
        // is not where the protocol puts it, and other events have no handler: no answer is right.
        if (name === 'network:subscribe' && args.length === 1)
          assert.ok(!(answer instanceof Error) && typeof answer?.ok === 'boolean', `subscribe ${JSON.stringify(args).slice(0, 200)} got ${String(answer)}`);
      }
      socket.close();
      await assertHubAnswers(ui());
    });
  });

  test('/ingest: a connection is accepted exactly with the cluster token and a source of 1-64 characters', async () => {
    const token = fc.oneof(
      fc.constant(undefined).map(() => system().clusterToken),
      fc.constantFrom(undefined, '', 'x'),
      nastyJson,
      fc.constant(undefined).map(() => `${system().clusterToken}x`),
    );
    const source = fc.oneof(fc.constantFrom('bootstrap', 'node1', '', 'x'.repeat(64), 'x'.repeat(65), '__proto__'), nastyJson);
    const auth = fc.oneof(fc.record({ token, source }, { requiredKeys: [] }), nastyJson);
    await fuzzAssert(auth, async (given) => {
      const result = await connect(ingest(), { auth: given });
      open.push(result.socket);
      result.socket.close();
      const a = given as { token?: unknown; source?: unknown } | null;
      const valid =
        typeof a === 'object' &&
        a !== null &&
        !Array.isArray(a) &&
        a.token === system().clusterToken &&
        typeof a.source === 'string' &&
        a.source.length >= 1 &&
        a.source.length <= 64;
      assert.equal(result.connected, valid, `auth ${JSON.stringify(given)?.slice(0, 200)}: ${result.connected ? 'accepted' : `refused (${result.why})`}`);
    });
  });

  test('/ingest: a host connection is accepted exactly with its own credential and an id for a host', async () => {
    const host = fc.oneof(validId, anyId());
    const credential = (hostId: string) =>
      fc.oneof(
        fc.constant(hostCredential(system().clusterToken, hostId)),
        fc.constant(hostCredential(system().clusterToken, `${hostId}x`)),
        fc.constant(reportTicket(system().clusterToken, hostId, hostId)),
        fc.constant(system().clusterToken),
        nastyJson,
      );
    const auth = fc.oneof(
      { weight: 3, arbitrary: host.chain((hostId) => fc.record({ host: fc.constant(hostId), credential: credential(hostId) }, { requiredKeys: ['host'] })) },
      { weight: 1, arbitrary: fc.record({ host: nastyJson, credential: nastyJson }) },
    );
    await fuzzAssert(auth, async (given) => {
      const result = await connect(ingest(), { auth: given });
      open.push(result.socket);
      result.socket.close();
      const valid =
        typeof given.host === 'string' && NodeIdSchema.safeParse(given.host).success && given.credential === hostCredential(system().clusterToken, given.host);
      assert.equal(result.connected, valid, `auth ${JSON.stringify(given)?.slice(0, 200)}: ${result.connected ? 'accepted' : `refused (${result.why})`}`);
    });
  });

  test('/ingest as a host: claims are granted exactly with the right ticket, and only claimed ids reach the picture', async () => {
    const watcher = await probe();
    const reached = new Map<string, string>();
    watcher.on('network:deltas', (deltas: Delta[]) => {
      for (const { event } of deltas) if (event.type === 'message:sent' && event.id.startsWith('fz-')) reached.set(event.id, event.source);
    });
    await assertSubscribed(watcher);
    // A subscribe answers with a snapshot that covers the batch still waiting, which then skips
    // the subscriber: the watcher subscribes once, and other sockets check that the hub answers.
    const HOST = 'fuzz-host';
    const nodes = ['fz1', 'fz2', 'fz3', 'bootstrap'];
    const ticket = fc.oneof(fc.constant('right'), fc.constantFrom('other-host', 'other-node', 'cluster-token'), nastyJson);
    const op = fc.oneof(
      fc.record({ kind: fc.constant('claim' as const), node: fc.oneof(fc.constantFrom(...nodes), nastyJson), ticket }),
      fc.record({ kind: fc.constant('release' as const), node: fc.oneof(fc.constantFrom(...nodes), nastyJson) }),
      fc.record({ kind: fc.constant('report' as const), sources: fc.array(fc.oneof(fc.constantFrom(...nodes), nastyJson), { minLength: 1, maxLength: 5 }) }),
    );
    let marker = 0;
    // Claims live as long as the connection: the model starts empty with every run's connection.
    await fuzzAssert(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
      const { socket, connected } = await connect(ingest(), { auth: { host: HOST, credential: hostCredential(system().clusterToken, HOST) } });
      open.push(socket);
      assert.ok(connected, 'a host with its credential could not connect');
      const claimed = new Set<string>();
      const expected = new Map<string, string>();
      const unexpected = new Set<string>();
      for (const step of ops) {
        if (step.kind === 'claim') {
          const node = step.node;
          const tickets: Record<string, string> = {
            right: typeof node === 'string' ? reportTicket(system().clusterToken, HOST, node) : '',
            'other-host': typeof node === 'string' ? reportTicket(system().clusterToken, 'other', node) : '',
            'other-node': reportTicket(system().clusterToken, HOST, 'someone-else'),
            'cluster-token': system().clusterToken,
          };
          const given = typeof step.ticket === 'string' && step.ticket in tickets ? tickets[step.ticket] : step.ticket;
          const answer: { ok?: unknown } | undefined = await socket.timeout(ANSWER_WITHIN_MS).emitWithAck('telemetry:claim', { node, ticket: given });
          const right = typeof node === 'string' && NodeIdSchema.safeParse(node).success && step.ticket === 'right';
          assert.equal(answer?.ok, right, `claim ${JSON.stringify({ node, ticket: step.ticket })?.slice(0, 200)} answered ${JSON.stringify(answer)}`);
          if (right) claimed.add(node);
        } else if (step.kind === 'release') {
          socket.emit('telemetry:release', { node: step.node });
          if (typeof step.node === 'string') claimed.delete(step.node);
        } else {
          // Markers a node may report of itself (the hub drops a node's stop of another id): broadcast copies, never summarised.
          const events = step.sources.map((source) => ({
            type: 'message:sent',
            id: `fz-${FUZZ_SEED}-${(marker += 1)}`,
            from: source,
            to: 'fz-peer',
            text: '',
            broadcastId: 'fz',
            at: Date.now(),
            source,
          }));
          const report = new TextEncoder().encode(JSON.stringify(events));
          // A report past MAX_REPORT_BYTES is refused whole (a nasty source can be that long).
          const readable = report.byteLength <= MAX_REPORT_BYTES;
          for (const event of events) {
            if (readable && typeof event.source === 'string' && claimed.has(event.source)) expected.set(event.id, event.source);
            else unexpected.add(event.id);
          }
          socket.emit('telemetry:report', report);
        }
      }
      // The hub reads a connection's packets in order: once this claim is answered, every report was read.
      await socket.timeout(ANSWER_WITHIN_MS).emitWithAck('telemetry:claim', { node: 'fz1', ticket: 'x' });
      await assertHubAnswers(ui());
      await waitFor('the claimed events reached the picture', () => [...expected.keys()].every((id) => reached.has(id)), ANSWER_WITHIN_MS);
      for (const [id, source] of expected) assert.equal(reached.get(id), source, `${id} stamped with its node`);
      for (const id of unexpected) assert.ok(!reached.has(id), `${id}, for a node this host had not claimed, reached the picture`);
      socket.close();
    });
  });

  test('/ingest with the cluster token: malformed and hostile reports never stop the hub', async () => {
    const reporter = await connect(ingest(), { auth: { token: system().clusterToken, source: 'fuzz' } });
    open.push(reporter.socket);
    assert.ok(reporter.connected, 'a reporter with the cluster token could not connect');
    await fuzzAssert(
      fc.array(
        fc.tuple(fc.constantFrom('telemetry:report', 'telemetry:report', 'network:subscribe', 'x'), fc.array(anyReport, { minLength: 1, maxLength: 2 })),
        { minLength: 1, maxLength: 4 },
      ),
      async (emits) => {
        // A packet past the hub's size limit closes that connection, by design: reconnect for the next.
        if (!reporter.socket.connected) {
          reporter.socket.connect();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        for (const [name, args] of emits) reporter.socket.emit(name, ...args);
        await assertHubAnswers(ui());
      },
    );
  });

  test('raw Engine.IO polling packets: answered within the bound, never with a 5xx', async () => {
    const handshake = async () => {
      const outcome = await send(
        system().dashboardUrl,
        printable({ method: 'GET', path: '/socket.io/?EIO=4&transport=polling', headers: {}, payload: { headers: {}, label: 'no body', oversize: false } }),
      );
      assert.equal(outcome.kind, 'answer');
      const sid = /"sid":"([^"]+)"/.exec(outcome.kind === 'answer' ? outcome.text : '')?.[1];
      assert.ok(sid, 'no Engine.IO handshake');
      return sid;
    };
    await fuzzAssert(
      fc.tuple(
        fc.array(rawPacket, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('text/plain;charset=UTF-8', 'application/octet-stream', 'application/json'),
      ),
      async ([packets, type]) => {
        const sid = await handshake();
        const body = Buffer.from(packets.join('\u001e'));
        const post = printable({
          method: 'POST',
          path: `/socket.io/?EIO=4&transport=polling&sid=${sid}`,
          headers: {},
          payload: { body, headers: { 'content-type': type }, label: 'engine.io packets', oversize: body.length > 1_000_000 },
        });
        checkOutcome(post, await send(system().dashboardUrl, post), { errorShape: false });
        // (No poll afterwards: a long poll with nothing to say is held open by design.)
        await assertHubAnswers(ui());
      },
    );
  });

  test('/ui refuses a browser whose Origin is another site', async () => {
    const foreign = ['http://evil.invalid', 'https://evil.invalid:3000', 'null', 'http://192.0.2.1'];
    await fuzzAssert(
      fc.constantFrom(...foreign),
      async (origin) => {
        const result = await connect(ui(), { origin });
        open.push(result.socket);
        result.socket.close();
        assert.equal(result.connected, false, `a /ui connection with Origin ${origin} was accepted`);
      },
      Math.min(FUZZ_RUNS, 8),
    );
  });

  afterwardsTest();
});
