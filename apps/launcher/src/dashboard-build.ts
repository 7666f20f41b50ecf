import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What in the dashboard's folder `next build` does not read: its own output, the hub's server
 * (tsc builds it into dist/), the tests. Everything else (pages, components, lib, proxy.ts, the
 * configs) is a source of the pages.
 */
const NOT_SOURCES = new Set(['.next', 'dist', 'node_modules', 'server', 'test', 'tsconfig.server.json', 'tsconfig.tsbuildinfo', 'next-env.d.ts']);

/** Builds the dashboard's pages when they are missing or older than their sources. */
export function ensureDashboardBuilt(dashboardDir: string, log: (line: string) => void): void {
  const built = mtime(join(dashboardDir, '.next', 'BUILD_ID'));
  const sources = readdirSync(dashboardDir).filter((entry) => !NOT_SOURCES.has(entry));
  const newest = Math.max(...sources.map((s) => newestIn(join(dashboardDir, s))), ...bundledPackages(dashboardDir).map((dist) => newestIn(dist)));
  if (built !== 0 && built >= newest) return;
  log('building the dashboard (next build), once after each change…');
  const result = spawnSync(process.execPath, [resolveNextBin(dashboardDir), 'build'], { cwd: dashboardDir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('next build failed; run `npm run build` to see why');
}

/** The compiled output of each workspace package the dashboard depends on: the pages bundle it. */
function bundledPackages(dashboardDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dashboardDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const packages = join(dirname(dirname(dashboardDir)), 'packages');
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith('@peerscope/'))
    .map((name) => join(packages, name.slice('@peerscope/'.length), 'dist'));
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
