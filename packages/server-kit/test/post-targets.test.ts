import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PostTargets } from '../src/post-json.js';

test('PostTargets splits a url once per path, keeps at most its limit, and throws for a url that does not parse', () => {
  const targets = new PostTargets(2);
  const first = targets.of('http://127.0.0.1:5001', 'message');
  assert.deepEqual(first, { origin: 'http://127.0.0.1:5001', path: '/message' });
  assert.equal(targets.of('http://127.0.0.1:5001', 'message'), first, 'the same object: split once');
  assert.deepEqual(targets.of('http://127.0.0.1:5001/', 'control/send'), { origin: 'http://127.0.0.1:5001', path: '/control/send' });
  // Past the limit it starts over: the first target is split again (a new object).
  targets.of('http://127.0.0.1:5002', 'message');
  assert.notEqual(targets.of('http://127.0.0.1:5001', 'message'), first);
  assert.throws(() => targets.of('not a url', 'message'));
});
