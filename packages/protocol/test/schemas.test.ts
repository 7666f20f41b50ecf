import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ERROR_STATUS,
  IncomingMessageSchema,
  RegisterRequestSchema,
  SendMessageRequestSchema,
  TelemetryEventSchema,
  TrafficRequestSchema,
} from '../src/index.js';

test("the course's registration and message bodies parse as they are", () => {
  assert.ok(RegisterRequestSchema.safeParse({ peer: 'http://node5:5000' }).success);
  assert.ok(IncomingMessageSchema.safeParse({ sender: 'node9', msg: 'hello' }).success);
});

test('a registration needs an http(s) address', () => {
  for (const body of [{}, { peer: 'node5' }, { peer: 'file:///etc/passwd' }, { url: 'javascript:alert(1)' }]) {
    assert.equal(RegisterRequestSchema.safeParse(body).success, false, JSON.stringify(body));
  }
});

test('a traffic request that is neither shape is told which two shapes there are; one close to a shape, what is wrong in it', () => {
  const problem = (body: unknown) => TrafficRequestSchema.safeParse(body).error?.issues[0]?.message;
  for (const body of [{}, { rate: 5 }, { count: 'ten' }, null]) {
    assert.equal(problem(body), 'expected {"count": N} or {"rate": R, "durationS": S}', JSON.stringify(body));
  }
  assert.match(problem({ count: 1e9 }) ?? '', /100000/);
  assert.match(problem({ count: 5, rate: 3 }) ?? '', /rate/);
});

test("a message's receiver that is neither a node id nor an http(s) url is told it must be one of them", () => {
  for (const to of ['bad id!', 'ftp://node5', 5, '']) {
    const issue = SendMessageRequestSchema.safeParse({ from: 'node1', to, text: 'hi' }).error?.issues[0];
    assert.deepEqual(
      [issue?.path, issue?.message],
      [['to'], 'must be a node id (1-64 letters, digits, "_", "." or "-") or an absolute http(s) URL'],
      JSON.stringify(to),
    );
  }
  for (const to of ['node5', 'http://127.0.0.1:5001']) assert.ok(SendMessageRequestSchema.safeParse({ from: 'node1', to, text: 'hi' }).success, to);
});

test("every error code is a client error except the few that are not the caller's fault", () => {
  const serverSide = Object.entries(ERROR_STATUS)
    .filter(([, status]) => status >= 500)
    .map(([code]) => code);
  assert.deepEqual(serverSide.sort(), ['internal', 'node_unanswered', 'node_unreachable', 'partitioned', 'runtime_failed']);
});

test('telemetry events are told apart by type and checked field by field', () => {
  const ok = TelemetryEventSchema.safeParse({ type: 'message:sent', at: 1, source: 'node1', id: 'm1', from: 'node1', to: 'node2', text: 'hi' });
  assert.ok(ok.success);
  const bad = TelemetryEventSchema.safeParse({ type: 'message:sent', at: 1, source: 'node1', id: 'm1' });
  assert.equal(bad.success, false);
});

test('the wire allows no more gossip than the API: what one schema refuses, the other refuses too', async () => {
  // Imported by name so that, before the limits were one const, this test failed at once.
  const { GOSSIP_LIMITS, ControlGossipRequestSchema, GossipRequestSchema } = await import('../src/index.js');
  const { maxTtl, maxFanout } = GOSSIP_LIMITS as { maxTtl: number; maxFanout: number };
  const hop = (gossip: Record<string, number>) =>
    IncomingMessageSchema.safeParse({ sender: 'x', msg: 'm', gossip: { id: 'g1', origin: 'node1', ...gossip } }).success;
  const api = (request: Record<string, number>) => GossipRequestSchema.safeParse({ from: 'node1', text: 'm', ...request }).success;
  // An attacker's hop asking every node to forward to 64 neighbours for 64 hops: refused.
  assert.equal(hop({ ttl: 64, hop: 1, fanout: 64 }), false, 'fanout 64 on the wire');
  for (const fanout of [maxFanout, maxFanout + 1]) {
    assert.equal(hop({ ttl: 1, hop: 1, fanout }), api({ fanout }), `fanout ${fanout}: wire and API agree`);
    assert.equal(ControlGossipRequestSchema.safeParse({ text: 'm', fanout }).success, api({ fanout }));
  }
  for (const ttl of [maxTtl, maxTtl + 1]) assert.equal(hop({ ttl, hop: 1, fanout: 1 }), api({ ttl }), `ttl ${ttl}: wire and API agree`);
  assert.equal(hop({ ttl: 0, hop: maxTtl + 1, fanout: 1 }), false, 'no hop past the most a ttl allows');
  // High enough for the largest overlay the lab runs: a ring of 1,000 nodes (diameter 500).
  assert.ok(maxTtl >= 500 && api({ ttl: 502 }) && hop({ ttl: 501, hop: 1, fanout: 3 }));
  assert.ok(maxFanout <= 20);
});
