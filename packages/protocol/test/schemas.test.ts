import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERROR_STATUS, IncomingMessageSchema, RegisterRequestSchema, TelemetryEventSchema } from '../src/index.js';

test("the course's registration and message bodies parse as they are", () => {
  assert.ok(RegisterRequestSchema.safeParse({ peer: 'http://node5:5000' }).success);
  assert.ok(IncomingMessageSchema.safeParse({ sender: 'node9', msg: 'hello' }).success);
});

test('a registration needs an http(s) address', () => {
  for (const body of [{}, { peer: 'node5' }, { peer: 'file:///etc/passwd' }, { url: 'javascript:alert(1)' }]) {
    assert.equal(RegisterRequestSchema.safeParse(body).success, false, JSON.stringify(body));
  }
});

test("every error code is a client error except the few that are not the caller's fault", () => {
  const serverSide = Object.entries(ERROR_STATUS)
    .filter(([, status]) => status >= 500)
    .map(([code]) => code);
  assert.deepEqual(serverSide.sort(), ['internal', 'node_unreachable', 'partitioned', 'runtime_failed']);
});

test('telemetry events are told apart by type and checked field by field', () => {
  const ok = TelemetryEventSchema.safeParse({ type: 'message:sent', at: 1, source: 'node1', id: 'm1', from: 'node1', to: 'node2', text: 'hi' });
  assert.ok(ok.success);
  const bad = TelemetryEventSchema.safeParse({ type: 'message:sent', at: 1, source: 'node1', id: 'm1' });
  assert.equal(bad.success, false);
});
