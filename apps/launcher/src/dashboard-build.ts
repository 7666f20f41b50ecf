import { spawnSync, type StdioOptions } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What in the dashboard's folder `next build` does not read: its own output, the hub's server
 * (tsc builds it into dist/), the tests. Everything else (pages, components, lib, proxy.ts, the
 * configs) is a source of the pages.
 */
const NOT_SOURCES = new Set(['.next', 'dist', 'node_modules', 'server', 'test', 'tsconfig.server.json', 'tsconfig.tsbuildinfo', 'next-env.d.ts']);

/**
 * Written into .next after a build that succeeded: when it started, and the sources it had. Not
 * Next's BUILD_ID, which Next writes before its last steps, so a build that failed or was stopped
 * there would look done.
 */
const STAMP = 'peerscope-build.json';

interface Stamp {
  startedAt: number;
  sources: string[];
}

/**
 * Builds the dashboard's pages when they are missing, when `always`, or when anything they are
 * built from changed since the last build began: a source, a workspace package they bundle, the
 * installed dependencies (npm's lock files), or the set of sources (one deleted or added).
 */
export function ensureDashboardBuilt(dashboardDir: string, log: (line: string) => void, always = false): void {
  const sources = readdirSync(dashboardDir)
    .filter((entry) => !NOT_SOURCES.has(entry))
    .sort();
  if (!always && isFresh(dashboardDir, sources)) return;
  log('building the dashboard (next build), once after each change…');
  const startedAt = Date.now();
  // Asked for (`npm run build`), Next's own report is shown; on the way to a start or a test, only its errors.
  const stdio: StdioOptions = always ? 'inherit' : ['ignore', 'ignore', 'inherit'];
  const result = spawnSync(process.execPath, [resolveNextBin(dashboardDir), 'build'], { cwd: dashboardDir, stdio });
  if (result.status !== 0) throw new Error('next build failed; run `npm run build` to see why');
  writeFileSync(join(dashboardDir, '.next', STAMP), JSON.stringify({ startedAt, sources } satisfies Stamp));
}

function isFresh(dashboardDir: string, sources: string[]): boolean {
  let stamp: Stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dashboardDir, '.next', STAMP), 'utf8')) as Stamp;
  } catch {
    return false;
  }
  if (stamp.sources.join('\n') !== sources.join('\n')) return false;
  const root = dirname(dirname(dashboardDir));
  const inputs = [
    ...sources.map((source) => join(dashboardDir, source)),
    ...bundledPackages(dashboardDir, root),
    join(root, 'package-lock.json'),
    // npm rewrites it on every install that changes node_modules.
    join(root, 'node_modules', '.package-lock.json'),
  ];
  // An edit made while the last build ran is newer than its start: it is built again.
  return Math.max(...inputs.map(newestIn)) < stamp.startedAt;
}

/** The compiled output of each workspace package the dashboard depends on: the pages bundle it. */
function bundledPackages(dashboardDir: string, root: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dashboardDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith('@peerscope/'))
    .map((name) => join(root, 'packages', name.slice('@peerscope/'.length), 'dist'));
}

function resolveNextBin(dashboardDir: string): string {
  // npm workspaces hoist next to the root node_modules; its CLI is dist/bin/next.
  for (let dir = dashboardDir; dir !== dirname(dir); dir = dirname(dir)) {
    const bin = join(dir, 'node_modules', 'next', 'dist', 'bin', 'next');
    if (mtime(bin)) return bin;
  }
  throw new Error('next is not installed; run npm install');
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time of a file, or of anything inside a folder. */
function newestIn(path: string): number {
  let newest = mtime(path);
  let entries: string[];
  try {
    entries = statSync(path).isDirectory() ? readdirSync(path) : [];
  } catch {
    return newest;
  }
  for (const entry of entries) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}
