import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FUZZ_RUNS, fuzzAssert, SUITE_TIMEOUT_MS } from './support/budget.js';
import { checkOutcome } from './support/invariants.js';
import { jsonPayload } from './support/bodies.js';
import { dashboardEndpoints } from './support/endpoints.js';
import { requestsAnywhere, requestsTo, type RequestContext } from './support/requests.js';
import { printable, send, SLOW_ACTION_WITHIN_MS, type FuzzRequest } from './support/request.js';
import { afterwardsTest, everyRequestAnswered, fuzzSuite } from './support/suite.js';
import { noteRemovedNodes } from './support/system.js';

// Hosts a DNS-rebinding page would arrive with: `.invalid` names and documentation addresses.
const FOREIGN_HOSTS = ['evil.invalid', 'evil.invalid:3000', 'localhost.evil.invalid', '192.0.2.1', '[2001:db8::1]'];

describe('fuzz: the dashboard (its /api routes and pages)', { timeout: SUITE_TIMEOUT_MS }, () => {
  const system = fuzzSuite();
  const ids = () =>
    system()
      .nodes()
      .map((n) => n.id);
  const endpointContext = { ids, ports: () => system().ports() };
  const context: RequestContext = { ids, ownHost: () => new URL(system().dashboardUrl).host, tokens: () => [system().adminToken, 'x'.repeat(16)] };
  const origin = () => system().dashboardUrl;
  // Next's paths are case-sensitive: `/API/nodes` is a page (HTML 404), not an API route.
  // Judged on the path as the server resolves it (`/api/../register` is the page /register).
  const isApi = (request: FuzzRequest) => /^\/api(\/|$)/.test(resolvedPath(request.path));

  test('the /api routes: generated ids, bodies, Origin and Host headers never get a 5xx (but node_unreachable) or hang', async () => {
    await everyRequestAnswered(origin, requestsTo(dashboardEndpoints(endpointContext), context), {
      errorShape: true,
      allowed5xx: ['node_unreachable', 'runtime_failed'],
      withinMs: SLOW_ACTION_WITHIN_MS,
      beforeSend: (request) => noteRemovedNodes(system(), request),
    });
    await system().admin('DELETE', '/faults');
    await system().admin('DELETE', '/traffic');
  });

  // Pages answer HTML; only /api answers in the error shape.
  test('any path, any method (pages, assets, Next internals): never a 5xx or a hang', async () => {
    const requests = requestsAnywhere(context);
    await fuzzAssert(requests, async (request) => {
      checkOutcome(request, await send(origin(), request), { errorShape: isApi(request) });
    });
  });

  test('an action arriving with a foreign Host (DNS rebinding) is refused with a 4xx', async () => {
    const actions = dashboardEndpoints(endpointContext).filter((e) => e.method !== 'GET' && e.path.startsWith('/api/'));
    const requests = fc.tuple(fc.constantFrom(...actions), fc.constantFrom(...FOREIGN_HOSTS), fc.boolean()).map(([endpoint, host, withOrigin]) =>
      printable({
        method: endpoint.method,
        // Ids of nodes that do not exist: were the action let through, it would change nothing.
        path: endpoint.path.replace(':id', 'fuzz-no-such-node'),
        // The rebinding page's Origin is its own (foreign) host, or absent on a simple request.
        headers: { host, ...(withOrigin && { origin: `http://${host}` }) },
        payload: jsonPayload({ count: 1, from: 'fuzz-no-such-node', to: 'fuzz-no-such-node', text: 'x', group: ['fuzz-no-such-node'], kind: 'full' }),
      }),
    );
    await fuzzAssert(
      requests,
      async (request) => {
        const outcome = await send(origin(), request);
        assert.ok(
          outcome.kind === 'answer' && outcome.status >= 400 && outcome.status < 500,
          `a foreign Host was not refused: ${outcome.kind === 'answer' ? `${outcome.status} ${outcome.text.slice(0, 200)}` : outcome.why}`,
        );
      },
      Math.min(FUZZ_RUNS, 30),
    );
  });

  test('pages carry a Content-Security-Policy', async () => {
    const outcome = await send(origin(), printable({ method: 'GET', path: '/', headers: {}, payload: { headers: {}, label: 'no body', oversize: false } }));
    assert.ok(outcome.kind === 'answer' && outcome.status === 200, 'the page did not load');
    assert.ok(outcome.headers['content-security-policy'], 'GET / has no Content-Security-Policy header');
  });

  afterwardsTest();
});

/** A request target's path after dot segments are resolved, as the servers read it. */
function resolvedPath(target: string): string {
  try {
    return new URL(target, 'http://dashboard').pathname;
  } catch {
    return target;
  }
}
