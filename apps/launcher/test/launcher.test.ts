import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { call } from '../../../test/support/http.js';
import { freePort } from '../../../test/support/ports.js';
import { childPids, isRunning, spawnEntry, type Spawned } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

const LAUNCHER = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * Starts `npm start`'s launcher on free ports; resolves once its banner says it is ready.
 * `dataDir`: a session's folder to start in; `group`: in a process group of its own.
 */
async function launch({
  dataDir = mkdtempSync(join(tmpdir(), 'peerscope-launcher-')),
  group = false,
  env = {} as Record<string, string>,
  args = [] as string[],
} = {}): Promise<Spawned & { bootstrapUrl: string; dashboardUrl: string; pids: () => number[] }> {
  const [bootstrapPort, dashboardPort] = [await freePort(), await freePort()];
  const run = spawnEntry(
    LAUNCHER,
    ['--port', String(bootstrapPort), '--dashboard-port', String(dashboardPort), '--nodes', '3', ...args],
    { PEERSCOPE_DATA_DIR: dataDir, ...env },
    false,
    group,
  );
  await waitFor('the launcher banner', () => run.output().includes('Ctrl-C stops everything'), 180_000, 100);
  // Everything the launcher started, and what they started in turn.
  const pids = () => childPids(run.child.pid!).flatMap((pid) => [pid, ...childPids(pid)]);
  return { ...run, bootstrapUrl: `http://127.0.0.1:${bootstrapPort}`, dashboardUrl: `http://127.0.0.1:${dashboardPort}`, pids };
}

test('npm start brings up the bootstrap, 3 nodes and the dashboard; Ctrl-C stops every one of them', { timeout: 240_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'peerscope-launcher-'));
  const system = await launch({ dataDir });
  try {
    assert.match(system.output(), /peerscope dashboard {2}http:\/\/localhost:\d+/);
    assert.equal((await call(`${system.bootstrapUrl}/peers`)).body.peers.length, 3);
    assert.equal((await fetch(system.dashboardUrl)).status, 200);
    await dashboardRoutesRefuseBadInput(system.dashboardUrl);
    await secondLaunchRefused(dataDir);
    const pids = system.pids();
    assert.equal(pids.length, 5, 'bootstrap, dashboard and 3 nodes');
    system.child.kill('SIGINT');
    assert.equal(await system.exited, 0);
    await waitFor('every process gone', () => pids.every((pid) => !isRunning(pid)), 10_000);
  } finally {
    system.child.kill('SIGKILL');
  }
});

test('a bootstrap port in use: exit 2, as for any setting, with the line naming the flag to change', async () => {
  const squatter = createServer().listen(0, '127.0.0.1');
  await once(squatter, 'listening');
  const port = (squatter.address() as AddressInfo).port;
  try {
    const run = spawnEntry(
      LAUNCHER,
      ['--port', String(port), '--dashboard-port', String(await freePort()), '--nodes', '0', '--no-dashboard'],
      { PEERSCOPE_DATA_DIR: mkdtempSync(join(tmpdir(), 'peerscope-launcher-')) },
      false,
    );
    assert.equal(await run.exited, 2, run.output());
    assert.match(run.output(), new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use; .*--port`));
  } finally {
    squatter.close();
  }
});

test('PEERSCOPE_LOG_FORMAT=pretty (what a terminal gets): the parts log one readable line each, no JSON', { timeout: 240_000 }, async () => {
  const system = await launch({ env: { PEERSCOPE_LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' }, args: ['--no-dashboard'] });
  try {
    await waitFor('a join in the log', () => /\] INFO \(bootstrap\): registry \{"type":"registered"/.test(system.output()), 10_000);
    assert.deepEqual(
      system
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{')),
      [],
    );
    system.child.kill('SIGINT');
    assert.equal(await system.exited, 0);
  } finally {
    system.child.kill('SIGKILL');
  }
});

test('SIGTERM to the whole process group stops everything and ends the session: the next start begins anew', { timeout: 300_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'peerscope-launcher-'));
  const first = await launch({ dataDir, group: true });
  try {
    const sent = await call(`${first.bootstrapUrl}/api/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()}` },
      body: { from: 'node1', to: 'node2', text: 'from the first session' },
    });
    assert.equal(sent.body.status, 'delivered', JSON.stringify(sent.body));
    const pids = first.pids();
    // As a service manager or `kill -- -<pgid>` does: every part gets SIGTERM at once, each as if killed alone.
    process.kill(-first.child.pid!, 'SIGTERM');
    assert.equal(await first.exited, 0);
    await waitFor('every process gone', () => pids.every((pid) => !isRunning(pid)), 10_000);
    for (const log of ['bootstrap-state.log', 'hub-state.log']) assert.equal(existsSync(join(dataDir, log)), false, `${log} is gone with its session`);
  } finally {
    first.child.kill('SIGKILL');
  }
  const second = await launch({ dataDir });
  try {
    const peers = (await call(`${second.bootstrapUrl}/peers`)).body.peers as string[];
    assert.equal(peers.length, 3, `only the new session's nodes: ${JSON.stringify(peers)}`);
  } finally {
    second.child.kill('SIGINT');
    await second.exited;
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

/**
 * A second `npm start` from the same folder, on other ports, is refused before it starts anything:
 * it shared the first one's session state (and deleted it when it stopped) and reported into its dashboard.
 */
async function secondLaunchRefused(dataDir: string): Promise<void> {
  const ports = ['--port', String(await freePort()), '--dashboard-port', String(await freePort()), '--nodes', '1'];
  const second = spawnEntry(LAUNCHER, ports, { PEERSCOPE_DATA_DIR: dataDir }, false);
  assert.equal(await second.exited, 2, second.output());
  assert.match(second.output(), /another peerscope launcher \(pid \d+\) runs from the data folder/);
  assert.equal(existsSync(join(dataDir, 'bootstrap-state.log')), true, "the first session's state is left alone");
}

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
