import assert from 'node:assert/strict';
import { test } from 'node:test';
import { soakSettings } from './support/settings.js';
import { StatusLog } from './support/status-log.js';

test('a death counts as false unless the node was crashed at the time; suspicions are counted apart', () => {
  const log = new StatusLog('test');
  log.observe('node1', 'alive', 0);
  log.observe('node2', 'alive', 0);
  log.observe('node1', 'suspect', 2_000); // crashed at 1_000: on its way to dead
  log.observe('node1', 'dead', 3_000);
  log.observe('node1', 'alive', 6_000); // restarted
  log.observe('node2', 'suspect', 4_000); // never crashed: a late heartbeat
  log.observe('node2', 'dead', 5_000);
  log.observe('node1', 'dead', 9_000); // after it came back: false
  const verdict = log.verdict([{ nodeId: 'node1', crashedAt: 1_000, backAt: 6_000 }]);
  assert.deepEqual(
    verdict.falseDeaths.map((d) => [d.nodeId, d.at]),
    [
      ['node2', 5_000],
      ['node1', 9_000],
    ],
  );
  assert.deepEqual(
    verdict.falseSuspicions.map((d) => d.nodeId),
    ['node2'],
  );
  assert.equal(verdict.crashSuspicions, 1);
  assert.deepEqual(verdict.crashToDead, [{ nodeId: 'node1', ms: 2_000 }]);
});

test('the same status seen again is not a change, and a forgotten node starts afresh', () => {
  const log = new StatusLog('test');
  log.observe('node1', 'alive', 0);
  log.observe('node1', 'alive', 200);
  log.forget('node1');
  log.observe('node1', 'alive', 400);
  assert.equal(log.changes.length, 0);
});

test('settings: flags over SOAK_* over the defaults; --short is the CI setting', () => {
  assert.deepEqual(
    { ...soakSettings([], {}) },
    {
      runtime: 'process',
      nodes: 50,
      rate: 200,
      seconds: 60,
      crashes: 5,
      killParts: true,
      bootstrapPort: 5524,
      dashboardPort: 3524,
      dataDir: '/tmp/peerscope-soak',
    },
  );
  const short = soakSettings(['--short', '--crashes', '3'], { SOAK_RATE: '150', SOAK_CRASHES: '1' });
  assert.deepEqual([short.runtime, short.nodes, short.rate, short.seconds, short.crashes, short.killParts], ['pool', 10, 150, 20, 3, false]);
  assert.equal(soakSettings(['--short', '--kill-parts', '1'], {}).killParts, true);
  assert.throws(() => soakSettings(['--nodes', '51'], {}), /--nodes/);
  assert.equal(soakSettings(['--runtime', 'pool', '--nodes', '500'], {}).nodes, 500);
  assert.throws(() => soakSettings([], { SOAK_RUNTIME: 'docker' }), /--runtime/);
});
