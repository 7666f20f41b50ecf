import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdminNodesResponse, StartNodesResponse } from '@peerscope/protocol';
import { call } from '../../../test/support/http.js';
import { freePort } from '../../../test/support/ports.js';
import { startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const STRANGER_TOKEN = 'a-stranger-made-this-token-up';
const FAST_LIVENESS = { PEERSCOPE_HEARTBEAT_MS: '200', PEERSCOPE_SUSPECT_AFTER_MS: '400', PEERSCOPE_DEAD_AFTER_MS: '600' };

const register = (bootstrap: BootstrapProcess, body: object) => call(`${bootstrap.url}/register`, { body });
const nodesOf = async (bootstrap: BootstrapProcess) => (await bootstrap.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes;

describe("a stranger cannot take a managed node's id, nor get it restarted with their token", () => {
  let bootstrap: BootstrapProcess;
  before(async () => {
    bootstrap = await startBootstrap({ nodes: 1, env: FAST_LIVENESS });
  });
  after(() => bootstrap.stop());

  test('re-registering a crashed managed node with a new token is refused; the restart ignores it', async () => {
    assert.equal((await bootstrap.admin('DELETE', '/nodes/node1?mode=crash')).status, 200);
    await waitFor('node1 dead', async () => (await nodesOf(bootstrap)).find((n) => n.id === 'node1')?.status === 'dead');

    const taken = await register(bootstrap, { url: `http://127.0.0.1:${await freePort()}`, id: 'node1', controlToken: STRANGER_TOKEN });
    assert.equal(taken.status, 409, JSON.stringify(taken.body));
    assert.equal(taken.body.error.code, 'id_taken');

    const restarted = await bootstrap.admin<StartNodesResponse['nodes'][number]>('POST', '/nodes/node1/restart');
    assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
    assert.equal(restarted.body.status, 'alive');
    const url = restarted.body.url!;
    const driven = await call(`${url}/control/faults`, { token: STRANGER_TOKEN });
    assert.equal(driven.status, 401, "the restarted node does not take the stranger's token");
    const sent = await bootstrap.admin('POST', '/messages', { from: 'node1', to: 'node1', text: 'still ours' });
    assert.equal(sent.status, 200, `the bootstrap still drives it: ${JSON.stringify(sent.body)}`);
  });
});

describe('one node, one entry: the same address spelled differently, and no takeover of a classic node', () => {
  let bootstrap: BootstrapProcess;
  before(async () => {
    bootstrap = await startBootstrap();
  });
  after(() => bootstrap.stop());

  test('localhost, upper case, a path and the decimal form of 127.0.0.1 are the node already registered', async () => {
    const port = await freePort();
    const first = await register(bootstrap, { peer: `http://127.0.0.1:${port}` });
    assert.equal(first.status, 200);
    for (const spelling of [`http://localhost:${port}`, `HTTP://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/some/path`, `http://2130706433:${port}`]) {
      const again = await register(bootstrap, { peer: spelling });
      assert.equal(again.status, 200, `${spelling}: ${JSON.stringify(again.body)}`);
      assert.equal(again.body.id, first.body.id, spelling);
    }
    const listed = await nodesOf(bootstrap);
    assert.deepEqual(
      listed.map((n) => [n.id, n.url]),
      [[first.body.id, `http://127.0.0.1:${port}`]],
    );
  });

  test('a live classic node cannot be taken over by registering its url with a token', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const classic = await register(bootstrap, { peer: url });
    const takeover = await register(bootstrap, { url, controlToken: STRANGER_TOKEN });
    assert.equal(takeover.status, 409, JSON.stringify(takeover.body));
    assert.equal(takeover.body.error.code, 'id_taken');
    const byOtherSpelling = await register(bootstrap, { url: url.replace('127.0.0.1', 'localhost'), id: 'mine', controlToken: STRANGER_TOKEN });
    assert.equal(byOtherSpelling.status, 409, JSON.stringify(byOtherSpelling.body));
    const entry = (await nodesOf(bootstrap)).find((n) => n.id === classic.body.id);
    assert.equal(entry?.kind, 'classic');
  });
});

describe('the registry is bounded, and registrations without a token are rate-limited', () => {
  // Slow rates keep the test about the limit, not about how fast a busy machine answers.
  test('a burst of registrations gets 429 rate_limited with Retry-After, without a token and with one', async () => {
    const bootstrap = await startBootstrap({ env: { PEERSCOPE_CLASSIC_REGISTER_RATE: '0.2', PEERSCOPE_NODE_REGISTER_RATE: '0.2' } });
    try {
      for (const token of [undefined, STRANGER_TOKEN]) {
        const base = token ? 20_100 : 20_000;
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) => register(bootstrap, { url: `http://127.0.0.1:${base + i}`, ...(token && { controlToken: token }) })),
        );
        const statuses = answers.map((a) => a.status).sort();
        assert.deepEqual(statuses, [200, 429, 429, 429, 429, 429, 429, 429], `a burst of 1 (0.2/s × 2.5 s), token: ${Boolean(token)}`);
        const limited = answers.find((a) => a.status === 429)!;
        assert.equal(limited.body.error.code, 'rate_limited');
        assert.ok(Number(limited.headers.get('retry-after')) >= 1);
      }
    } finally {
      await bootstrap.stop();
    }
  });

  test('past the bounds registrations get 409 registry_full; the nodes the runtime starts still join', async () => {
    const bootstrap = await startBootstrap({
      env: { PEERSCOPE_MAX_REGISTERED: '6', PEERSCOPE_MAX_CLASSIC: '3', PEERSCOPE_DEAD_AFTER_MS: '30000', PEERSCOPE_SUSPECT_AFTER_MS: '20000' },
    });
    try {
      const classic = [];
      for (let i = 0; i < 4; i++) classic.push(await register(bootstrap, { peer: `http://127.0.0.1:${21_000 + i}` }));
      assert.deepEqual(
        classic.map((a) => a.status),
        [200, 200, 200, 409],
      );
      assert.equal(classic[3]!.body.error.code, 'registry_full');
      assert.match(classic[3]!.body.error.message, /PEERSCOPE_MAX_CLASSIC/);

      const withToken = [];
      for (let i = 0; i < 4; i++) withToken.push(await register(bootstrap, { url: `http://127.0.0.1:${21_100 + i}`, controlToken: STRANGER_TOKEN }));
      assert.deepEqual(
        withToken.map((a) => a.status),
        [200, 200, 200, 409],
      );
      assert.equal(withToken[3]!.body.error.code, 'registry_full');
      assert.match(withToken[3]!.body.error.message, /PEERSCOPE_MAX_REGISTERED/);

      const added = await bootstrap.admin<StartNodesResponse>('POST', '/nodes', { count: 4 });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.deepEqual(
        added.body.nodes.map((n) => n.status),
        ['alive', 'alive', 'alive', 'alive'],
        'claimed ids pass the rate limit and the bound',
      );
    } finally {
      await bootstrap.stop();
    }
  });
});
