import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { call } from '../../../test/support/http.js';
import { freePort } from '../../../test/support/ports.js';
import { childPids, isRunning, spawnEntry, type Spawned } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const LAUNCHER = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** Starts `npm start`'s launcher on free ports; resolves once its banner says it is ready. */
async function launch(): Promise<Spawned & { bootstrapUrl: string; dashboardUrl: string; pids: () => number[] }> {
  const [bootstrapPort, dashboardPort] = [await freePort(), await freePort()];
  const run = spawnEntry(
    LAUNCHER,
    ['--port', String(bootstrapPort), '--dashboard-port', String(dashboardPort), '--nodes', '3'],
    {
      PEERSCOPE_DATA_DIR: mkdtempSync(join(tmpdir(), 'peerscope-launcher-')),
    },
    false,
  );
  await waitFor('the launcher banner', () => run.output().includes('Ctrl-C stops everything'), 180_000, 100);
  // Everything the launcher started, and what they started in turn.
  const pids = () => childPids(run.child.pid!).flatMap((pid) => [pid, ...childPids(pid)]);
  return { ...run, bootstrapUrl: `http://127.0.0.1:${bootstrapPort}`, dashboardUrl: `http://127.0.0.1:${dashboardPort}`, pids };
}

test('npm start brings up the bootstrap, 3 nodes and the dashboard; Ctrl-C stops every one of them', { timeout: 240_000 }, async () => {
  const system = await launch();
  try {
    assert.match(system.output(), /peerscope dashboard {2}http:\/\/localhost:\d+/);
    assert.equal((await call(`${system.bootstrapUrl}/peers`)).body.peers.length, 3);
    assert.equal((await fetch(system.dashboardUrl)).status, 200);
    await dashboardRoutesRefuseBadInput(system.dashboardUrl);
    const pids = system.pids();
    assert.equal(pids.length, 5, 'bootstrap, dashboard and 3 nodes');
    system.child.kill('SIGINT');
    assert.equal(await system.exited, 0);
    await waitFor('every process gone', () => pids.every((pid) => !isRunning(pid)), 10_000);
  } finally {
    system.child.kill('SIGKILL');
  }
});

test('kill -9 of the launcher still leaves no process behind', { timeout: 240_000 }, async () => {
  const system = await launch();
  const pids = system.pids();
  assert.equal(pids.length, 5);
  system.child.kill('SIGKILL');
  await system.exited;
  await waitFor('every process gone', () => pids.every((pid) => !isRunning(pid)), 10_000);
});

/** The dashboard's own routes: validated, same-site only, one error shape. */
async function dashboardRoutesRefuseBadInput(dashboardUrl: string): Promise<void> {
  const send = { from: 'node1', to: 'node2', text: 'hello' };
  const cases: Array<[string, Parameters<typeof call>[1], number, string]> = [
    ['a foreign page', { body: send, headers: { origin: 'http://evil.example' } }, 403, 'cross_origin'],
    ['a simple-request content type', { raw: JSON.stringify(send), headers: { 'content-type': 'text/plain;application/json' } }, 415, 'unsupported_media_type'],
    ['malformed JSON', { raw: '{"from":' }, 400, 'bad_json'],
    ['a missing field', { body: { from: 'node1', text: 'x' } }, 400, 'invalid_body'],
    ['a body over 64 KB', { body: { ...send, text: 'x'.repeat(70_000) } }, 413, 'body_too_large'],
  ];
  for (const [name, options, status, code] of cases) {
    const answer = await call(`${dashboardUrl}/api/messages`, options);
    assert.equal(answer.status, status, `${name}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.error.code, code, name);
  }
  const unknown = await call(`${dashboardUrl}/api/nope`);
  assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'not_found']);
  const sameSite = await call(`${dashboardUrl}/api/messages`, { body: send, headers: { origin: dashboardUrl } });
  assert.equal(sameSite.body.status, 'delivered', "the dashboard's own pages are served");
}
