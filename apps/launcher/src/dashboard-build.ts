import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const SOURCES = ['app', 'components', 'lib', 'next.config.ts', 'package.json'];
/** Workspace packages the pages bundle from their compiled output. */
const BUNDLED_PACKAGES = ['protocol', 'network-view', 'openapi'];

/** Builds the dashboard's pages when they are missing or older than their sources. */
export function ensureDashboardBuilt(dashboardDir: string, log: (line: string) => void): void {
  const built = mtime(join(dashboardDir, '.next', 'BUILD_ID'));
  const packages = join(dirname(dirname(dashboardDir)), 'packages');
  const newest = Math.max(...SOURCES.map((s) => newestIn(join(dashboardDir, s))), ...BUNDLED_PACKAGES.map((p) => newestIn(join(packages, p, 'dist'))));
  if (built !== 0 && built >= newest) return;
  log('building the dashboard (next build), once after each change…');
  const result = spawnSync(process.execPath, [resolveNextBin(dashboardDir), 'build'], { cwd: dashboardDir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('next build failed; run `npm run build` to see why');
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
