import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';

let bootstrap: BootstrapProcess;
before(async () => {
  bootstrap = await startBootstrap({ env: { PEERSCOPE_MAX_NODES: '4' } });
});
after(() => bootstrap.stop());

test('two adds in flight count each node once against PEERSCOPE_MAX_NODES, and the limit still holds', { timeout: 60_000 }, async () => {
  const first = bootstrap.admin('POST', '/nodes', { count: 2 });
  // The second asks while the first one's nodes run but have not registered yet.
  await sleep(300);
  const second = bootstrap.admin('POST', '/nodes', { count: 2 });
  const answers = await Promise.all([first, second]);
  assert.deepEqual(
    answers.map((a) => a.status),
    [201, 201],
    JSON.stringify(answers.map((a) => a.body)),
  );
  const over = await bootstrap.admin('POST', '/nodes', { count: 1 });
  assert.deepEqual([over.status, over.body.error.code], [409, 'too_many_nodes']);
  assert.match(over.body.error.message, /^4 nodes run already/);
});
