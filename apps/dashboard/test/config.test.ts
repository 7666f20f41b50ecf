import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '@peerscope/server-kit';
import { loadDashboardConfig } from '../server/config.js';

const tokens = { PEERSCOPE_ADMIN_TOKEN: 'a'.repeat(16), PEERSCOPE_CLUSTER_TOKEN: 'c'.repeat(16) };

test('the test hook is off unless PEERSCOPE_TEST_HOOK asks for it when the server starts', () => {
  assert.equal(loadDashboardConfig([], tokens).testHook, false);
  assert.equal(loadDashboardConfig([], { ...tokens, PEERSCOPE_TEST_HOOK: '' }).testHook, false);
  assert.equal(loadDashboardConfig([], { ...tokens, PEERSCOPE_TEST_HOOK: '0' }).testHook, false);
  assert.equal(loadDashboardConfig([], { ...tokens, PEERSCOPE_TEST_HOOK: '1' }).testHook, true);
  assert.equal(loadDashboardConfig([], { ...tokens, PEERSCOPE_TEST_HOOK: 'true' }).testHook, true);
  assert.throws(
    () => loadDashboardConfig([], { ...tokens, PEERSCOPE_TEST_HOOK: 'maybe' }),
    (err: Error) => err instanceof ConfigError && /PEERSCOPE_TEST_HOOK/.test(err.message),
  );
});
