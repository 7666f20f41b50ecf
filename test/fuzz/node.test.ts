import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { call } from '../support/http.js';
import { freePort } from '../support/ports.js';
import { NODE_ENTRY, spawnEntry, stopProcess, type Spawned } from '../support/processes.js';
import { waitFor } from '../support/wait.js';
import { SUITE_TIMEOUT_MS } from './support/budget.js';
import { nodeEndpoints } from './support/endpoints.js';
import { requestsAnywhere, requestsTo, type RequestContext } from './support/requests.js';
import { afterwardsTest, everyRequestAnswered, fuzzSuite } from './support/suite.js';

describe('fuzz: a node (classic API, POST /message, control API)', { timeout: SUITE_TIMEOUT_MS }, () => {
  const system = fuzzSuite();
  // A node started by hand, as a student would, whose control token the fuzz knows.
  const controlToken = `fuzz-control-${randomBytes(12).toString('hex')}`;
  let own: Spawned & { url: string };
  before(async () => {
    const port = await freePort();
    own = {
      ...spawnEntry(NODE_ENTRY, [], {
        BOOTSTRAP_URL: system().bootstrapUrl,
        PORT: String(port),
        PEERSCOPE_CONTROL_TOKEN: controlToken,
        PEERSCOPE_HUB_URL: system().dashboardUrl,
        PEERSCOPE_CLUSTER_TOKEN: system().clusterToken,
      }),
      url: `http://127.0.0.1:${port}`,
    };
    // Generous: the machine may be busy.
    await waitFor('the hand-started node registered', async () => (await call<{ id: string | null }>(own.url)).body.id, 60_000, 200);
    const { body } = await call<{ id: string | null }>(own.url);
    system().watched.set(own.child.pid!, body.id ?? 'the hand-started node');
  });
  after(async () => {
    if (own) await stopProcess(own);
  });

  const ids = () =>
    system()
      .nodes()
      .map((n) => n.id);
  const endpointContext = { ids, ports: () => system().ports() };
  const context = (url: () => string, tokens: () => readonly string[]): RequestContext => ({ ids, ownHost: () => new URL(url()).host, tokens });
  const launched = () => system().nodes()[0]!.url;
  const wrongTokens = () => [`${controlToken}x`, controlToken.slice(1), system().adminToken, system().clusterToken];

  test('the classic API and POST /message of a launched node, with generated bodies and headers', async () => {
    const classic = nodeEndpoints(endpointContext).filter((e) => !e.path.startsWith('/control'));
    await everyRequestAnswered(launched, requestsTo(classic, context(launched, wrongTokens)), { errorShape: true });
  });

  test('the control API without the node’s token: every request is refused with 401', async () => {
    const control = nodeEndpoints(endpointContext).filter((e) => e.path.startsWith('/control'));
    await everyRequestAnswered(launched, requestsTo(control, context(launched, wrongTokens)), {
      errorShape: true,
      alsoCheck: (request, outcome) => {
        if (outcome.kind === 'answer' && outcome.text !== '' && outcome.status !== 431)
          assert.equal(outcome.status, 401, `answered ${outcome.status} ${outcome.text.slice(0, 200)} without the token`);
      },
    });
  });

  test('the control API with the node’s token: sends, broadcasts, gossip and faults with generated bodies', async () => {
    await everyRequestAnswered(
      () => own.url,
      requestsTo(
        nodeEndpoints(endpointContext),
        context(
          () => own.url,
          () => [controlToken],
        ),
      ),
      {
        errorShape: true,
        // Its own faults may cut it off from a sender: the node answers 503 `partitioned` by design.
        allowed5xx: ['partitioned'],
      },
    );
    await call(`${own.url}/control/faults`, { method: 'PUT', body: {}, token: controlToken });
  });

  test('any path, any method on a node: answered in the error shape', async () => {
    await everyRequestAnswered(launched, requestsAnywhere(context(launched, wrongTokens)), { errorShape: true });
  });

  afterwardsTest();
});
