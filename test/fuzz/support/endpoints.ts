import fc from 'fast-check';
import { anyId } from './ids.js';
import { rawNumber, shapedBody } from './json.js';
import type { Endpoint } from './requests.js';
import { anyUrl } from './urls.js';

/** What the endpoint tables need from the running system. */
export interface EndpointContext {
  ids: () => readonly string[];
  ports: () => readonly number[];
}

const text = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.integer({ min: 16_380, max: 16_390 }).map((n) => 'm'.repeat(n)),
);
const messageId = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.constantFrom('__proto__', 'constructor', 'x'.repeat(65), 'a b', ''));
const token = fc.oneof(fc.string({ minLength: 16, maxLength: 40 }), fc.constantFrom('', 'short', 't'.repeat(257)));
const small = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.constantFrom(-1, max + 1, rawNumber('1e309'), -0, 0.5, 2 ** 53 + 1));

// Valid but costly requests (dozens of node processes, a 100,000-message traffic run, 10 s link
// latencies) would only make the system slow, not find bugs: the fitting values stay small.
const FAULT_LATENCY_MS = 300;

/** The bootstrap's classic API and membership routes (no admin token). */
export function bootstrapPublicEndpoints(c: EndpointContext): Endpoint[] {
  const url = anyUrl(c.ports);
  return [
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/peers' },
    {
      method: 'POST',
      path: '/register',
      body: shapedBody({ peer: url, url, id: anyId(c.ids), controlToken: token, protocol: fc.oneof(fc.constant(1), fc.integer()) }),
    },
    { method: 'POST', path: '/nodes/:id/heartbeat' },
    { method: 'DELETE', path: '/nodes/:id' },
  ];
}

/**
 * Registrations that get past the schema and the url policy (loopback urls in many spellings, on
 * closed ports) with attacker ids, sent a few at a time: some weaknesses need a registry state first.
 */
export function registrationSequences(c: EndpointContext): fc.Arbitrary<Record<string, unknown>[]> {
  const url = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom('http', 'HTTP', 'https'),
          fc.constantFrom('127.0.0.1', 'localhost', '2130706433', '[::1]', '127.1'),
          fc.constantFrom(1, 9),
          fc.constantFrom('', '/', '/x'),
        )
        .map(([s, h, p, path]) => `${s}://${h}:${p}${path}`),
    },
    { weight: 1, arbitrary: anyUrl(c.ports) },
  );
  const registration = fc.record(
    { url, id: anyId(c.ids), controlToken: fc.oneof(token, fc.string({ minLength: 16, maxLength: 20 })) },
    { requiredKeys: ['url'] },
  );
  return fc.array(registration, { minLength: 1, maxLength: 5 });
}

/** The bootstrap's admin API, `/api/*`. */
export function adminEndpoints(c: EndpointContext): Endpoint[] {
  const id = anyId(c.ids);
  const to = fc.oneof(id, anyUrl(c.ports));
  return [
    { method: 'GET', path: '/api/nodes' },
    { method: 'POST', path: '/api/nodes', body: shapedBody({ count: fc.integer({ min: 1, max: 2 }) }) },
    { method: 'DELETE', path: '/api/nodes/:id' },
    { method: 'POST', path: '/api/nodes/:id/pause' },
    { method: 'POST', path: '/api/nodes/:id/resume' },
    { method: 'POST', path: '/api/nodes/:id/restart' },
    { method: 'POST', path: '/api/messages', body: shapedBody({ from: id, to, text, id: messageId }) },
    { method: 'GET', path: '/api/faults' },
    { method: 'DELETE', path: '/api/faults' },
    {
      method: 'POST',
      path: '/api/faults/partition',
      body: shapedBody({ group: fc.array(id, { maxLength: 5 }), direction: fc.constantFrom('both', 'outbound', 'inbound', 'sideways') }),
    },
    { method: 'DELETE', path: '/api/faults/partition' },
    {
      method: 'PUT',
      path: '/api/faults/links',
      body: shapedBody({ from: id, to: id, latencyMs: small(FAULT_LATENCY_MS), jitterMs: small(FAULT_LATENCY_MS), lossPct: small(100) }),
    },
    { method: 'GET', path: '/api/overlay' },
    { method: 'PUT', path: '/api/overlay', body: shapedBody({ kind: fc.constantFrom('full', 'partial', 'ring', 'star'), k: small(21) }) },
    { method: 'POST', path: '/api/broadcast', body: shapedBody({ from: id, text, id: messageId }) },
    {
      method: 'POST',
      path: '/api/gossip',
      body: shapedBody({
        from: id,
        text,
        id: messageId,
        ttl: fc.constantFrom(0, 1, 32, 33, 64, 1e6, -1, 2 ** 31),
        fanout: fc.constantFrom(0, 1, 20, 21, 64, 1e6, -1),
      }),
    },
    { method: 'GET', path: '/api/traffic' },
    {
      method: 'POST',
      path: '/api/traffic',
      body: fc.oneof(
        shapedBody({ count: fc.integer({ min: 1, max: 5 }) }),
        shapedBody({ rate: fc.constantFrom(0.1, 1, 5, 0.09, 1001), durationS: fc.constantFrom(1, 0.5, 3601) }),
      ),
    },
    { method: 'DELETE', path: '/api/traffic' },
  ];
}

/**
 * Keeps a valid request cheap where a generated nasty value happened to be valid and costly:
 * at most 2 nodes started, 5 traffic messages, 300 ms link latency, 2 s of traffic.
 */
export function tame(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const b = { ...(body as Record<string, unknown>) };
  const clamp = (key: string, max: number) => {
    if (typeof b[key] === 'number' && (b[key] as number) > max && (b[key] as number) <= 100_000) b[key] = max;
  };
  clamp('count', 2);
  clamp('latencyMs', FAULT_LATENCY_MS);
  clamp('jitterMs', FAULT_LATENCY_MS);
  clamp('durationS', 2);
  clamp('rate', 5);
  return b;
}

/** A node's classic API (`POST /message` is its hot path) and its control API. */
export function nodeEndpoints(c: EndpointContext): Endpoint[] {
  const id = anyId(c.ids);
  const url = anyUrl(c.ports);
  const gossip = shapedBody({
    id: messageId,
    origin: id,
    ttl: fc.constantFrom(0, 1, 8, 64, 65, rawNumber('1e309'), -1, 2 ** 53),
    hop: fc.constantFrom(0, 1, 64, 65, -1),
    fanout: fc.constantFrom(0, 1, 64, 65, 1e6),
  });
  return [
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/peers' },
    { method: 'GET', path: '/messages' },
    {
      method: 'POST',
      path: '/message',
      body: shapedBody({
        sender: fc.oneof(url, id),
        msg: text,
        id: messageId,
        from: id,
        to: id,
        sentAt: fc.oneof(fc.nat(), fc.constantFrom(-1, rawNumber('1e309'), 2 ** 64)),
        broadcastId: messageId,
        gossip,
      }),
    },
    { method: 'POST', path: '/control/send', body: shapedBody({ to: fc.oneof(id, url), toUrl: url, text, id: messageId }) },
    { method: 'POST', path: '/control/broadcast', body: shapedBody({ text, id: messageId }) },
    {
      method: 'POST',
      path: '/control/gossip',
      body: shapedBody({ text, id: messageId, ttl: fc.constantFrom(0, 1, 32, 33, 1e6, -1), fanout: fc.constantFrom(0, 1, 20, 21, 1e6, -1) }),
    },
    { method: 'GET', path: '/control/faults' },
    {
      method: 'PUT',
      path: '/control/faults',
      body: shapedBody({
        blockedTo: fc.array(id, { maxLength: 5 }),
        blockedFrom: fc.array(id, { maxLength: 5 }),
        links: fc.array(shapedBody({ to: id, latencyMs: small(FAULT_LATENCY_MS), jitterMs: small(FAULT_LATENCY_MS), lossPct: small(100) }), { maxLength: 3 }),
      }),
    },
  ];
}

/** The dashboard's `/api/*` routes (same-site only; the server adds the admin token) and its page. */
export function dashboardEndpoints(c: EndpointContext): Endpoint[] {
  // The bootstrap's traffic generator is `/api/traffic/generator` here; `/api/traffic` is the course's script.
  const admin = adminEndpoints(c).map((e) => (e.path === '/api/traffic' ? { ...e, path: '/api/traffic/generator' } : e));
  return [
    ...admin,
    { method: 'POST', path: '/api/traffic', body: shapedBody({ count: fc.integer({ min: 1, max: 3 }) }) },
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/icon.svg' },
  ];
}
