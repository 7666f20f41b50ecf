import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLatency } from '../lib/browser/latency-format';

test('a latency reads in milliseconds as reported below a second, in seconds from one second on', () => {
  assert.equal(formatLatency(0.7), '0.7 ms');
  assert.equal(formatLatency(12.34), '12.34 ms');
  assert.equal(formatLatency(999.99), '999.99 ms');
  assert.equal(formatLatency(1_000), '1.00 s');
  assert.equal(formatLatency(2_000.21), '2.00 s');
  assert.equal(formatLatency(61_234), '61.23 s');
});
