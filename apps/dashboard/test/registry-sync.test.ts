import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { afterEach, describe, mock, test } from 'node:test';
import type { AdminNode, AdminNodesResponse, FaultState, OverlayState, TrafficStatus } from '@peerscope/protocol';
import { createLogger } from '@peerscope/server-kit';
import { freePort } from '../../../test/support/ports.js';
import { sleep, waitFor } from '../../../test/support/wait.js';
import { RegistrySync } from '../server/hub/registry-sync.js';
import { Browser, nodeRecord, picture, startHub, type HubServer } from './helpers.js';

const ADMIN_TOKEN = 'dashboard-test-admin-token';

const adminNode = (id: string, overrides: Partial<AdminNode> = {}): AdminNode => ({ ...nodeRecord(id), managed: true, ...overrides });

/**
 * A tiny stand-in for the bootstrap's admin API: `GET /api/nodes` with the bearer token answers
 * `answer`; anything else is the bootstrap's error shape. `hold` keeps requests waiting.
 */
async function fakeBootstrap(port = 0) {
  const state = {
    answer: { runtime: 'process', nodes: [] } as AdminNodesResponse,
    /** When set, `GET /api/nodes` fails with this status (a bootstrap that is not ready). */
    failWith: undefined as number | undefined,
    requests: 0,
    authorized: 0,
    held: [] as Array<() => void>,
    hold: false,
    /** `GET /api/faults`, `/api/overlay`, `/api/traffic`: unset, the route is missing (an older bootstrap). */
    dynamics: {} as Record<string, unknown>,
  };
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    state.requests += 1;
    if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`)
      return answer(res, 401, { error: { code: 'unauthorized', message: 'a valid admin token is required' } });
    state.authorized += 1;
    const dynamic = req.method === 'GET' ? state.dynamics[req.url ?? ''] : undefined;
    if (dynamic !== undefined) return answer(res, 200, dynamic);
    if (req.method !== 'GET' || req.url !== '/api/nodes') return answer(res, 404, { error: { code: 'not_found', message: 'no such route' } });
    if (state.failWith) return answer(res, state.failWith, { error: { code: 'runtime_failed', message: 'not ready' } });
    // What the answer is when the request arrives, even if it is sent later.
    const body = structuredClone(state.answer);
    if (state.hold) state.held.push(() => answer(res, 200, body));
    else answer(res, 200, body);
  };
  const http = createServer(handle);
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const address = http.address() as { port: number };
  return {
    state,
    url: `http://127.0.0.1:${address.port}`,
    close: () => {
      for (const release of state.held.splice(0)) release();
      http.closeAllConnections();
      return new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

describe('RegistrySync', () => {
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function lab(options: { port?: number; token?: string } = {}) {
    const bootstrap = options.port === undefined ? await fakeBootstrap() : undefined;
    if (bootstrap) closers.push(bootstrap.close);
    const server: HubServer = await startHub();
    closers.push(server.close);
    const logger = createLogger('test', 'silent');
    const bootstrapUrl = bootstrap?.url ?? `http://127.0.0.1:${options.port}`;
    // The sync says what it did through its logger: counting calls tells when an attempt is over.
    const synced = mock.method(logger, 'info');
    const failed = mock.method(logger, 'warn');
    const sync = new RegistrySync(server.hub, { bootstrapUrl, adminToken: options.token ?? ADMIN_TOKEN }, logger);
    closers.push(() => sync.close());
    const attempts = {
      synced: () => synced.mock.callCount(),
      failed: () => failed.mock.callCount(),
    };
    return { bootstrap, server, hub: server.hub, sync, attempts };
  }

  const openBrowser = async (server: HubServer) => {
    const browser = await Browser.open(server.url);
    closers.push(() => browser.close());
    await browser.subscribe();
    return browser;
  };

  test("the hub's picture gets the registry's nodes and runtime, as ordinary events", async () => {
    const { bootstrap, server, hub, sync } = await lab();
    bootstrap!.state.answer = {
      runtime: 'docker',
      nodes: [adminNode('node1'), adminNode('node2', { kind: 'classic', managed: false }), adminNode('node3', { status: 'suspect' })],
    };
    const browser = await openBrowser(server);
    sync.start();
    await waitFor('three nodes', () => hub.view.nodes.size === 3);
    assert.equal(hub.view.runtime, 'docker');
    assert.deepEqual(hub.view.nodes.get('node2'), { ...nodeRecord('node2'), kind: 'classic', sent: 0, received: 0, failed: 0, fromOutside: 0 });
    assert.equal(hub.view.nodes.get('node3')!.status, 'suspect');
    assert.ok(![...hub.view.nodes.values()].some((node) => 'managed' in node), "`managed` is the admin API's, not the picture's");
    assert.equal(hub.seq, 4);

    // A browser already watching follows through deltas.
    await waitFor('the browser got them', () => browser.seq === 4);
    assert.deepEqual(
      browser.applied.map((d) => [d.event.type, d.event.source]),
      [['runtime:changed', 'hub'], ...Array(3).fill(['node:registered', 'hub'])],
    );
    assert.deepEqual(picture(browser.view!).nodes, picture(hub.view).nodes);
    // A browser arriving now gets them in its snapshot, with the runtime.
    const late = await openBrowser(server);
    assert.equal(late.snapshots[0]!.runtime, 'docker');
    assert.equal(late.snapshots[0]!.nodes.length, 3);
  });

  test('a later answer: a missing node is removed, a changed one updated, an unchanged one left alone', async () => {
    const { bootstrap, server, hub, sync, attempts } = await lab();
    const browser = await openBrowser(server);
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1'), adminNode('node2'), adminNode('node3')] };
    sync.start();
    await waitFor('first sync', () => attempts.synced() === 1);
    assert.deepEqual([...hub.view.nodes.keys()], ['node1', 'node2', 'node3']);
    const seq = hub.seq;

    // The bootstrap restarted and forgot node2; node3 is now dead.
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1'), adminNode('node3', { status: 'dead' })] };
    sync.start();
    await waitFor('second sync', () => attempts.synced() === 2);
    assert.deepEqual([...hub.view.nodes.keys()], ['node1', 'node3']);
    assert.equal(hub.view.nodes.get('node3')!.status, 'dead');
    assert.equal(hub.seq, seq + 2, 'one event for node3, one for node2, none for node1');
    await waitFor('the browser followed', () => browser.seq === hub.seq);
    const events = browser.applied.slice(seq).map((d) => d.event);
    assert.deepEqual(
      events.map((e) =>
        e.type === 'node:registered' ? [e.type, e.node.id, e.node.status] : e.type === 'node:deregistered' ? [e.type, e.nodeId, e.reason] : [e.type],
      ),
      [
        ['node:registered', 'node3', 'dead'],
        ['node:deregistered', 'node2', 'forgotten'],
      ],
    );
    assert.deepEqual(picture(browser.view!).nodes, picture(hub.view).nodes);

    // Nothing changed: a sync records nothing.
    sync.start();
    await waitFor('third sync', () => attempts.synced() === 3);
    assert.equal(hub.seq, seq + 2);
  });

  test('sends the admin token; with a wrong one it applies nothing and keeps trying', async () => {
    const { bootstrap, hub, sync, attempts } = await lab({ token: 'not-the-admin-token' });
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1')] };
    sync.start();
    await waitFor('a retry', () => attempts.failed() >= 2, 5_000);
    assert.ok(bootstrap!.state.requests >= 2);
    assert.equal(bootstrap!.state.authorized, 0);
    assert.equal(hub.view.nodes.size, 0);
    assert.equal(hub.view.runtime, null);
  });

  test('a bootstrap that answers with an error is retried until it answers', async () => {
    const { bootstrap, hub, sync, attempts } = await lab();
    bootstrap!.state.failWith = 503;
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1')] };
    sync.start();
    await waitFor('a failed attempt', () => attempts.failed() >= 1);
    assert.equal(hub.view.nodes.size, 0);
    bootstrap!.state.failWith = undefined;
    await waitFor('node1 after a retry', () => hub.view.nodes.has('node1'), 5_000);
    assert.ok(bootstrap!.state.requests >= 2);
    assert.equal(hub.view.runtime, 'process');
  });

  test('an unreachable bootstrap is retried until it answers', async () => {
    const port = await freePort();
    const { hub, sync, attempts } = await lab({ port });
    sync.start();
    await waitFor('a failed attempt', () => attempts.failed() >= 1, 5_000);
    assert.equal(hub.view.nodes.size, 0);

    const bootstrap = await fakeBootstrap(port);
    closers.push(bootstrap.close);
    bootstrap.state.answer = { runtime: 'process', nodes: [adminNode('node1'), adminNode('node2')] };
    await waitFor('the nodes once it answers', () => hub.view.nodes.size === 2, 5_000);
    assert.equal(hub.view.runtime, 'process');
  });

  test('close() stops the retries', async () => {
    const { bootstrap, sync, attempts } = await lab();
    bootstrap!.state.failWith = 503;
    sync.start();
    await waitFor('a failed attempt', () => attempts.failed() >= 1);
    sync.close();
    const requests = bootstrap!.state.requests;
    // The first retry would come after 500 ms.
    await sleep(600);
    assert.equal(bootstrap!.state.requests, requests);
  });

  test('a sync asked for while another is in flight is not lost', async () => {
    const { bootstrap, hub, sync } = await lab();
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1')] };
    bootstrap!.state.hold = true;
    sync.start();
    await waitFor('the first request waiting', () => bootstrap!.state.held.length === 1);
    // The bootstrap restarts with other nodes and reconnects: the hub asks for a new sync.
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node2')] };
    sync.start();
    await sleep(50);
    bootstrap!.state.hold = false;
    bootstrap!.state.held.shift()!();
    await waitFor('the newer registry', () => hub.view.nodes.has('node2') && !hub.view.nodes.has('node1'), 600);
  });

  test('a browser watching before the sync learns the runtime too', async () => {
    const { bootstrap, server, hub, sync } = await lab();
    bootstrap!.state.answer = { runtime: 'docker', nodes: [adminNode('node1')] };
    const browser = await openBrowser(server);
    assert.equal(browser.view!.runtime, null);
    sync.start();
    await waitFor('the browser got node1', () => browser.view!.nodes.has('node1'));
    assert.equal(hub.view.runtime, 'docker');
    assert.equal(browser.view!.runtime, 'docker');
  });

  test('faults, overlay and traffic in force at the bootstrap reach the picture; unchanged, they record nothing', async () => {
    const { bootstrap, server, hub, sync, attempts } = await lab();
    const faults: FaultState = {
      partition: { group: ['node1'], direction: 'inbound' },
      links: [{ from: 'node1', latencyMs: 100, jitterMs: 0, lossPct: 0 }],
      paused: [],
    };
    const overlay: OverlayState = { kind: 'ring', k: 3, neighbours: { node1: ['node1'] } };
    const traffic: TrafficStatus = { running: true, request: { count: 100 }, startedAt: 1, sent: 10, delivered: 10, failed: 0 };
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1')] };
    bootstrap!.state.dynamics = { '/api/faults': faults, '/api/overlay': overlay, '/api/traffic': traffic };
    const browser = await openBrowser(server);
    sync.start();
    await waitFor('first sync', () => attempts.synced() === 1);
    assert.deepEqual([hub.view.faults, hub.view.overlay, hub.view.traffic], [faults, overlay, traffic]);
    await waitFor('the browser followed', () => browser.seq === hub.seq);
    assert.deepEqual(picture(browser.view!), picture(hub.view));
    assert.deepEqual(
      browser.applied.slice(-3).map((d) => [d.event.type, d.event.source]),
      [
        ['faults:changed', 'hub'],
        ['overlay:changed', 'hub'],
        ['traffic:changed', 'hub'],
      ],
    );

    const seq = hub.seq;
    sync.start();
    await waitFor('second sync', () => attempts.synced() === 2);
    assert.equal(hub.seq, seq);
  });

  test("a bootstrap without the dynamics routes leaves the picture's defaults", async () => {
    const { bootstrap, hub, sync, attempts } = await lab();
    bootstrap!.state.answer = { runtime: 'process', nodes: [adminNode('node1')] };
    sync.start();
    await waitFor('first sync', () => attempts.synced() === 1);
    assert.deepEqual([hub.view.faults.partition, hub.view.overlay.kind, hub.view.traffic.running], [null, 'full', false]);
    assert.equal(attempts.failed(), 0);
  });
});
