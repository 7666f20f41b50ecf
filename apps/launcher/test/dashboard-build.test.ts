import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { ensureDashboardBuilt } from '../src/dashboard-build.js';

/**
 * A workspace in a temporary folder: a dashboard that depends on one of two packages, and a
 * stand-in for Next's CLI that counts its builds and writes BUILD_ID as `next build` does. What is
 * tested is the launcher's choice of when to build, so the build itself need not be Next's.
 */
function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'peerscope-dashboard-build-'));
  const dashboard = join(root, 'apps', 'dashboard');
  const write = (path: string, text = '') => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  write(join(dashboard, 'package.json'), JSON.stringify({ dependencies: { '@peerscope/trace': '0.1.0', react: '^19' } }));
  for (const file of ['app/page.tsx', 'components/Graph.tsx', 'proxy.ts', 'server/main.ts', 'test/hub.test.ts']) write(join(dashboard, file));
  for (const pkg of ['trace', 'telemetry']) write(join(root, 'packages', pkg, 'dist', 'index.js'));
  const builds = join(root, 'builds');
  write(
    join(root, 'node_modules', 'next', 'dist', 'bin', 'next'),
    `const fs = require('node:fs');
fs.appendFileSync(${JSON.stringify(builds)}, 'build\\n');
fs.mkdirSync('.next', { recursive: true });
fs.writeFileSync('.next/BUILD_ID', 'id');`,
  );
  write(join(root, 'node_modules', 'next', 'package.json'), JSON.stringify({ type: 'commonjs' }));
  let clock = Date.now() / 1_000;
  return {
    /** Marks a file as changed after everything so far (mtimes a minute apart: no tie with the build). */
    touch: (path: string) => utimesSync(join(root, path), (clock += 60), clock),
    build: () => ensureDashboardBuilt(dashboard, () => {}),
    builds: () => readFileSync(builds, 'utf8').split('\n').filter(Boolean).length,
    /** Dates the last build after every change so far. */
    settle: () => utimesSync(join(dashboard, '.next', 'BUILD_ID'), (clock += 60), clock),
  };
}

test('the pages are built when missing, then only when a source they bundle is newer than the build', () => {
  const ws = workspace();
  ws.build();
  assert.equal(ws.builds(), 1, 'no build yet: built');
  ws.settle();
  ws.build();
  assert.equal(ws.builds(), 1, 'nothing changed: not built again');

  for (const source of ['apps/dashboard/proxy.ts', 'apps/dashboard/components/Graph.tsx', 'packages/trace/dist/index.js']) {
    ws.touch(source);
    const before = ws.builds();
    ws.build();
    assert.equal(ws.builds(), before + 1, `${source} changed: built again`);
    ws.settle();
  }
  // The hub's server (tsc builds it), the tests, and a package the dashboard does not use are not the pages'.
  for (const other of ['apps/dashboard/server/main.ts', 'apps/dashboard/test/hub.test.ts', 'packages/telemetry/dist/index.js']) {
    ws.touch(other);
    const before = ws.builds();
    ws.build();
    assert.equal(ws.builds(), before, `${other} changed: no build`);
  }
});
