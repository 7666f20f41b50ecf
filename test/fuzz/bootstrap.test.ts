import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SUITE_TIMEOUT_MS } from './support/budget.js';
import { jsonPayload } from './support/bodies.js';
import { adminEndpoints, bootstrapPublicEndpoints, registrationSequences } from './support/endpoints.js';
import { requestsAnywhere, requestsTo, type RequestContext } from './support/requests.js';
import { printable, SLOW_ACTION_WITHIN_MS } from './support/request.js';
import { afterwardsTest, everyRequestAnswered, fuzzSuite } from './support/suite.js';
import { noteRemovedNodes } from './support/system.js';

describe('fuzz: the bootstrap (classic API, membership, admin API)', { timeout: SUITE_TIMEOUT_MS }, () => {
  const system = fuzzSuite();
  const context = (tokens: () => readonly string[]): RequestContext => ({
    ids: () =>
      system()
        .nodes()
        .map((n) => n.id),
    ownHost: () => new URL(system().bootstrapUrl).host,
    tokens,
  });
  const origin = () => system().bootstrapUrl;
  const wrongTokens = () => {
    const t = system().adminToken;
    return [t.slice(0, -1), `${t}x`, t.toUpperCase(), system().clusterToken, `${t} ${t}`, ''];
  };
  const endpointContext = {
    ids: () =>
      system()
        .nodes()
        .map((n) => n.id),
    ports: () => system().ports(),
  };

  test('the admin API without its token: every request is refused with 401, within the bound', async () => {
    await everyRequestAnswered(origin, requestsTo(adminEndpoints(endpointContext), context(wrongTokens)), {
      errorShape: true,
      alsoCheck: (request, outcome) => {
        if (outcome.kind === 'answer' && outcome.status !== 431 && outcome.text !== '')
          assert.equal(outcome.status, 401, `answered ${outcome.status} ${outcome.text.slice(0, 200)} without the token`);
      },
    });
  });

  test('the admin API with its token: generated ids, bodies and headers never get a 5xx (but node_unreachable) or hang', async () => {
    await everyRequestAnswered(
      origin,
      requestsTo(
        adminEndpoints(endpointContext),
        context(() => [system().adminToken]),
      ),
      {
        errorShape: true,
        // A node the fuzz paused or crashed does not answer the bootstrap: a 502 in the error shape.
        allowed5xx: ['node_unreachable', 'runtime_failed'],
        withinMs: SLOW_ACTION_WITHIN_MS,
        beforeSend: (request) => noteRemovedNodes(system(), request),
      },
    );
    await system().admin('DELETE', '/faults');
    await system().admin('DELETE', '/traffic');
  });

  test('membership: heartbeats and goodbyes with generated ids and tokens', async () => {
    await everyRequestAnswered(origin, requestsTo(bootstrapPublicEndpoints(endpointContext).slice(3), context(wrongTokens)), { errorShape: true });
  });

  test('any path, any method: answered in the error shape', async () => {
    await everyRequestAnswered(origin, requestsAnywhere(context(wrongTokens)), { errorShape: true });
  });

  // Last: registrations change the registry the other properties read.
  test('the classic API: registrations with generated urls, ids and bodies', async () => {
    await everyRequestAnswered(origin, requestsTo(bootstrapPublicEndpoints(endpointContext), context(wrongTokens)), { errorShape: true });
  });

  test('the classic API: sequences of registrations that pass the schema, with attacker ids', async () => {
    const sequences = registrationSequences(endpointContext).map((bodies) =>
      bodies.map((body) => printable({ method: 'POST', path: '/register', headers: {}, payload: jsonPayload(body) })),
    );
    await everyRequestAnswered(origin, sequences, { errorShape: true });
  });

  afterwardsTest();
});
