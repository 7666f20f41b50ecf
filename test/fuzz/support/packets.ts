import fc from 'fast-check';
import { anyId } from './ids.js';
import { nastyJson, nastyScalar, rawNumber, shapedBody, toJsonText } from './json.js';
import { anyUrl } from './urls.js';

const EVENT_TYPES = [
  'node:started',
  'node:registered',
  'node:status-changed',
  'node:deregistered',
  'node:stopping',
  'message:sent',
  'message:received',
  'message:delivered',
  'message:failed',
  'messages:summarised',
  'runtime:changed',
  'faults:changed',
  'overlay:changed',
  'traffic:changed',
  'node:hacked',
];

/** A telemetry event as a reporter (or an attacker holding the cluster token) might write it. */
export const reportedEvent = shapedBody({
  type: fc.constantFrom(...EVENT_TYPES),
  at: fc.oneof(fc.constant(Date.now()), fc.constantFrom(0, -1, rawNumber('1e309'), 2 ** 53)),
  source: fc.constantFrom('bootstrap', 'node1', '', 'x'.repeat(65)),
  nodeId: anyId(),
  url: anyUrl(),
  id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  from: anyId(),
  to: anyId(),
  text: fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.nat({ max: 200_000 }).map((n) => 't'.repeat(n)),
  ),
  status: fc.constantFrom('alive', 'suspect', 'dead', 'zombie'),
  previous: fc.constantFrom('alive', 'suspect', 'dead'),
  reason: fc.constantFrom('left', 'forgotten', 'bored'),
  latencyMs: nastyScalar,
  node: shapedBody({
    id: anyId(),
    url: anyUrl(),
    kind: fc.constantFrom('peerscope', 'classic'),
    status: fc.constantFrom('alive', 'dead'),
    registeredAt: fc.nat(),
    lastSeen: fc.nat(),
  }),
  gossip: shapedBody({ id: fc.constant('g1'), origin: anyId(), hop: fc.integer({ min: -1, max: 100 }) }),
});

const utf8 = new TextEncoder();

/** The argument of a `telemetry:report`: binary JSON as the protocol says, and everything else. */
export const anyReport: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.array(reportedEvent, { maxLength: 20 }).map((events) => utf8.encode(toJsonText(events))) },
  // Around the 500-events limit, each event a node the picture has not seen.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 490, max: 520 }), fc.nat())
      .map(([n, salt]) =>
        utf8.encode(
          JSON.stringify(
            Array.from({ length: n }, (_, i) => ({ type: 'node:started', at: Date.now(), source: 'x', nodeId: `fuzz${salt}-${i}`, url: 'http://127.0.0.1:9' })),
          ),
        ),
      ),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 500 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      utf8.encode('['.repeat(100_000)),
      utf8.encode('{}'),
      utf8.encode('null'),
      new Uint8Array([0xff, 0xfe]),
      new Uint8Array(1024 * 1024 + 1),
    ),
  },
  { weight: 1, arbitrary: nastyJson },
);

/** Engine.IO / Socket.IO packet texts for the polling transport: well-formed, malformed and oversized. */
export const rawPacket: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '40/ui,',
    '40/ingest,{"token":"x","source":"y"}',
    '42/ui,["network:subscribe",{}]',
    '421/ui,["network:subscribe",{"since":-1}]',
    '2',
    '3',
    '1',
    '6',
    '5',
    '41/ui,',
    '40/nope,',
    '4',
    '49',
    '4a',
    '',
    '\u001e\u001e',
    '451-/ingest,["telemetry:report",{"_placeholder":true,"num":0}]',
    '452-/ui,["x",{"_placeholder":true,"num":99}]',
  ),
  fc.tuple(fc.constantFrom('42/ui,', '42/ingest,', '42', '43/ui,7', '40/ui,'), nastyJson).map(([prefix, value]) => prefix + toJsonText(value)),
  fc.string({ maxLength: 200 }),
  fc.nat({ max: 3_000_000 }).map((n) => `42/ui,["network:subscribe","${'x'.repeat(n)}"]`),
);
