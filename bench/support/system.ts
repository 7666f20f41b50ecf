// The system under test, started the way a user starts it (the launcher), and everything a
// benchmark needs to stop whatever it started, also on error or Ctrl-C.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, mkdir, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../lib/children.js';

/** A path in this repository (the benchmarks, their results). */
export const repo = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/**
 * A path in the system under test: this repository, or `BENCH_ROOT`, a built copy of it (see
 * bench/snapshot.sh: a commit measured while others keep editing the working tree).
 */
export const sut = (path: string): string => (process.env.BENCH_ROOT ? join(process.env.BENCH_ROOT, path) : repo(path));

/** Which code was measured: the root, its commit, and whether its working tree had changes. */
export function sutInfo(): { root: string; commit: string; dirty: boolean | null } {
  const root = sut('');
  try {
    const recorded = readFileSync(join(root, '.bench-commit'), 'utf8').trim();
    return { root, commit: recorded, dirty: false };
  } catch {
    // not a snapshot: ask git
  }
  try {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['-C', root, 'status', '--porcelain', '--', 'apps', 'packages'], { encoding: 'utf8' }).trim();
    return { root, commit, dirty: status.length > 0 };
  } catch {
    return { root, commit: 'unknown', dirty: null };
  }
}

/** Cleanup steps, run last-in first-out once, from `finally` or on SIGINT/SIGTERM. */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<unknown> | unknown }> = [];
  private ran = false;

  constructor() {
    const onSignal = (signal: NodeJS.Signals) => {
      console.error(`\n${signal}: stopping everything this benchmark started…`);
      void this.run().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  add(what: string, run: () => Promise<unknown> | unknown): void {
    this.steps.push({ what, run });
  }

  async run(): Promise<void> {
    if (this.ran) return;
    this.ran = true;
    for (const step of this.steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (err) {
        console.error(`cleanup (${step.what}) failed: ${(err as Error).message}`);
      }
    }
  }
}

export interface LauncherSystem {
  bootstrapUrl: string;
  dashboardUrl: string;
  adminToken: string;
  clusterToken: string;
  /** The launcher's pid, which is also the process group of everything it started. */
  pid: number;
  output(): string;
  /** Pids of the launcher's process group whose command line matches. */
  pidsMatching(pattern: RegExp): number[];
  /** Stops everything (SIGINT, then SIGKILL for what is left); resolves with what it had to kill. */
  stop(): Promise<StopReport>;
}

export interface StopReport {
  /** The launcher did not exit within 30 s of SIGINT. */
  launcherHung: boolean;
  /** `pid command` of each process of the group still running 2 s after the launcher exited (then killed). */
  leftovers: string[];
}

const READY_LINE = 'Ctrl-C stops everything.';
const TAIL_CHARS = 8_000;

/**
 * `node apps/launcher/dist/main.js` on free loopback ports, with a temporary data directory and
 * fresh tokens, in its own process group so that a last-resort SIGKILL reaches every part.
 */
export interface LauncherOptions {
  nodes: number;
  timeoutMs?: number;
  env?: Record<string, string>;
  /** Fixed ports (free loopback ports when not given). */
  bootstrapPort?: number;
  dashboardPort?: number;
  /** A fixed data directory, emptied first and removed at the end (a fresh temporary one when not given). */
  dataDir?: string;
}

export async function startLauncher(cleanup: Cleanup, options: LauncherOptions): Promise<LauncherSystem> {
  // The launcher rebuilds the dashboard when its sources changed; another build running at the
  // same moment (someone else's `npm run build`) makes it fail: wait, then try again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLauncherOnce(cleanup, options);
    } catch (err) {
      if (attempt >= 4 || !/next build/.test((err as Error).message)) throw err;
      console.error(`the launcher could not build the dashboard (attempt ${attempt}); retrying in 20 s`);
      await sleep(20_000);
    }
  }
}

async function startLauncherOnce(cleanup: Cleanup, options: LauncherOptions): Promise<LauncherSystem> {
  if (options.dataDir) await rm(options.dataDir, { recursive: true, force: true });
  const dataDir = options.dataDir ? (await mkdir(options.dataDir, { recursive: true }), options.dataDir) : await mkdtemp(join(tmpdir(), 'peerscope-bench-'));
  cleanup.add('remove the data directory', () => rm(dataDir, { recursive: true, force: true }));
  const bootstrapPort = options.bootstrapPort ?? (await freePort());
  let dashboardPort = options.dashboardPort ?? (await freePort());
  while (dashboardPort === bootstrapPort) dashboardPort = await freePort();
  const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;
  const clusterToken = `bench-cluster-${randomBytes(12).toString('hex')}`;
  const child = spawn(
    process.execPath,
    [sut('apps/launcher/dist/main.js'), '--port', String(bootstrapPort), '--dashboard-port', String(dashboardPort), '--nodes', String(options.nodes)],
    {
      env: {
        ...process.env,
        PEERSCOPE_DATA_DIR: dataDir,
        PEERSCOPE_ADMIN_TOKEN: adminToken,
        PEERSCOPE_CLUSTER_TOKEN: clusterToken,
        LOG_LEVEL: 'warn',
        // The benchmarks read the page through its test hook (window.__peerscope).
        PEERSCOPE_TEST_HOOK: '1',
        ...options.env,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const pid = child.pid!;
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  cleanup.add('stop the launcher', () => stopGroup(child, pid));

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (!tail.includes(READY_LINE)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the launcher exited before it was ready:\n${tail}`);
    if (Date.now() > deadline) throw new Error(`the launcher was not ready within ${options.timeoutMs ?? 120_000} ms:\n${tail}`);
    await sleep(50);
  }
  return {
    bootstrapUrl: `http://127.0.0.1:${bootstrapPort}`,
    dashboardUrl: `http://127.0.0.1:${dashboardPort}`,
    adminToken,
    clusterToken,
    pid,
    output: () => tail,
    pidsMatching: (pattern) => groupMembers(pid).filter((p) => pattern.test(cmdlineOf(p))),
    stop: () => stopGroup(child, pid),
  };
}

/** Ctrl-C (SIGINT) as a user would, then SIGKILL for anything of the group still there. */
async function stopGroup(child: ChildProcess, pgid: number): Promise<StopReport> {
  let launcherHung = false;
  let leftovers: string[] = [];
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    launcherHung = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)]);
    if (launcherHung) console.error('the launcher did not stop within 30 s of SIGINT; killing its process group');
  }
  for (let attempt = 0; attempt < 20 && groupMembers(pgid).length > 0; attempt++) {
    if (attempt === 10) {
      leftovers = groupMembers(pgid).map((p) => `${p} ${cmdlineOf(p)}`);
      console.error(`left over after the launcher stopped: ${leftovers.join('; ')}; killing them`);
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await sleep(200);
  }
  return { launcherHung, leftovers };
}

function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // state is field 3; pgrp field 5 (index 2 after the state); zombies are already gone for our purpose.
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

function cmdlineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** One call to the bootstrap's admin API; throws on a non-2xx answer. */
export async function admin<T>(sys: { bootstrapUrl: string; adminToken: string }, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sys.bootstrapUrl}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${sys.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface AdminNode {
  id: string;
  url: string;
  kind: string;
  status: string;
  managed: boolean;
}

export async function aliveNodes(sys: { bootstrapUrl: string; adminToken: string }): Promise<AdminNode[]> {
  const { nodes } = await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes');
  return nodes.filter((n) => n.status === 'alive');
}

/** Waits (bounded) until at least `count` peerscope nodes are alive: 20 nodes booting at once on 2 cores miss heartbeats for a while. */
export async function waitForAlive(sys: { bootstrapUrl: string; adminToken: string }, count: number, timeoutMs = 90_000): Promise<AdminNode[]> {
  const deadline = Date.now() + timeoutMs;
  let alive: AdminNode[] = [];
  while (Date.now() < deadline) {
    alive = (await aliveNodes(sys)).filter((n) => n.kind === 'peerscope');
    if (alive.length >= count) return alive;
    await sleep(250);
  }
  throw new Error(`only ${alive.length} of ${count} nodes were alive after ${timeoutMs} ms`);
}

/** Writes one run's figures to bench/results/<name>.json (git-ignored). */
export async function writeResults(name: string, results: unknown): Promise<string> {
  const dir = repo('bench/results');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  await writeFile(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}

export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
