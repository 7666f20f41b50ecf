import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDashboardBuilt } from '../src/dashboard-build.js';

/**
 * A workspace in a temporary folder: a dashboard that depends on one of two packages, and a
 * stand-in for Next's CLI that counts its builds and writes BUILD_ID first, as `next build` does
 * (and fails after it while a file named `fail` exists). What is tested is the launcher's choice
 * of when to build, so the build itself need not be Next's.
 */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'peerscope-dashboard-build-'));
  const dashboard = join(root, 'apps', 'dashboard');
  const write = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('apps/dashboard/package.json', JSON.stringify({ dependencies: { '@peerscope/trace': '0.1.0', react: '^19' } }));
  for (const file of ['app/page.tsx', 'components/Graph.tsx', 'proxy.ts', 'server/main.ts', 'test/hub.test.ts']) write(`apps/dashboard/${file}`);
  for (const pkg of ['trace', 'telemetry']) write(`packages/${pkg}/dist/index.js`);
  write('package-lock.json', '{}');
  write('node_modules/.package-lock.json', '{}');
  const builds = join(root, 'builds');
  write(
    'node_modules/next/dist/bin/next',
    `const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(builds)}, 'build\\n');
fs.mkdirSync('.next', { recursive: true });
fs.writeFileSync('.next/BUILD_ID', 'id');
if (fs.existsSync(${JSON.stringify(join(root, 'fail'))})) process.exit(1);`,
  );
  write('node_modules/next/package.json', JSON.stringify({ type: 'commonjs' }));
  const count = () => (existsSync(builds) ? readFileSync(builds, 'utf8').split('\n').filter(Boolean).length : 0);
  return {
    root,
    write,
    /** Changes a file now, after the last build began. */
    touch: async (path: string) => {
      await sleep(5);
      const now = Date.now() / 1_000;
      utimesSync(join(root, path), now, now);
    },
    /** Whether ensureDashboardBuilt ran a build. */
    built: async (always = false) => {
      await sleep(5);
      const before = count();
      ensureDashboardBuilt(dashboard, () => {}, always);
      return count() > before;
    },
  };
}

test('the pages are built when missing, then only when something they are built from changed since', async () => {
  const ws = workspace();
  assert.equal(await ws.built(), true, 'no build yet: built');
  assert.equal(await ws.built(), false, 'nothing changed: not built again');
  assert.equal(await ws.built(true), true, '`npm run build` builds whatever the age');

  for (const input of [
    'apps/dashboard/proxy.ts',
    'apps/dashboard/components/Graph.tsx',
    'packages/trace/dist/index.js',
    'package-lock.json',
    'node_modules/.package-lock.json',
  ]) {
    await ws.touch(input);
    assert.equal(await ws.built(), true, `${input} changed: built again`);
    assert.equal(await ws.built(), false, `${input}: once`);
  }
  // The hub's server (tsc builds it), the tests, and a package the dashboard does not use are not the pages'.
  for (const other of ['apps/dashboard/server/main.ts', 'apps/dashboard/test/hub.test.ts', 'packages/telemetry/dist/index.js']) {
    await ws.touch(other);
    assert.equal(await ws.built(), false, `${other} changed: no build`);
  }
});

test('a source deleted or added is a change; a build that failed after writing BUILD_ID is not a build', async () => {
  const ws = workspace();
  assert.equal(await ws.built(), true);
  rmSync(join(ws.root, 'apps/dashboard/proxy.ts'));
  assert.equal(await ws.built(), true, 'proxy.ts deleted: built again');
  ws.write('apps/dashboard/instrumentation.ts');
  assert.equal(await ws.built(), true, 'a new source: built again');

  await ws.touch('apps/dashboard/app/page.tsx');
  ws.write('fail');
  assert.throws(() => ensureDashboardBuilt(join(ws.root, 'apps/dashboard'), () => {}), /next build failed/);
  rmSync(join(ws.root, 'fail'));
  assert.equal(await ws.built(), true, 'the failed build left BUILD_ID behind, but is built again');
  assert.equal(await ws.built(), false);
});
