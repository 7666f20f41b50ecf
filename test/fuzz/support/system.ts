import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AdminNodesResponse, SendResult } from '@peerscope/protocol';
import { call } from '../../support/http.js';
import { freePort } from '../../support/ports.js';
import { childPids, isRunning } from '../../support/processes.js';
import { waitFor } from '../../support/wait.js';
import { rssMb, RSS_GROWTH_LIMIT_MB } from './invariants.js';
import type { FuzzRequest } from './request.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const LAUNCHER_ENTRY = join(root, 'apps/launcher/dist/main.js');
export const INITIAL_NODES = 5;

/** The real system under fuzz: the launcher's bootstrap, five process-runtime nodes and the dashboard. */
export interface FuzzSystem {
  bootstrapUrl: string;
  dashboardUrl: string;
  adminToken: string;
  clusterToken: string;
  pids: { launcher: number; bootstrap: number; dashboard: number };
  /** The nodes' ids and urls as last read from the admin API. */
  nodes: () => readonly { id: string; url: string }[];
  /** Every port the system listens on, for urls that point back at it. */
  ports: () => readonly number[];
  /** Nodes the fuzz itself stopped, crashed or restarted through the admin API: their exits are not failures. */
  removedByFuzz: Set<string>;
  /** Extra processes (pid → name) whose exit is a failure, such as a node a test started by hand. */
  watched: Map<number, string>;
  /** Calls the bootstrap's admin API with the token. */
  admin: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
  /** Re-reads the node list. */
  refresh: () => Promise<void>;
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts the launcher on free ports, with its own data folder and tokens, and waits until every part answers. */
export async function startSystem(): Promise<FuzzSystem> {
  const [bootstrapPort, dashboardPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'peerscope-fuzz-'));
  const adminToken = `fuzz-admin-${randomBytes(16).toString('hex')}`;
  const clusterToken = `fuzz-cluster-${randomBytes(16).toString('hex')}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [LAUNCHER_ENTRY, '--port', String(bootstrapPort), '--dashboard-port', String(dashboardPort), '--nodes', String(INITIAL_NODES)],
    {
      env: { ...process.env, PEERSCOPE_DATA_DIR: dataDir, PEERSCOPE_ADMIN_TOKEN: adminToken, PEERSCOPE_CLUSTER_TOKEN: clusterToken, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = once(child, 'exit');
  const bootstrapUrl = `http://127.0.0.1:${bootstrapPort}`;
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  // Bounded, so a bootstrap the fuzz hung fails the closing checks instead of stalling them.
  const admin = <T = any>(method: string, path: string, body?: unknown) =>
    withTimeout(call<T>(`${bootstrapUrl}/api${path}`, { method, body, token: adminToken }), 25_000, `${method} /api${path}`);

  let nodes: { id: string; url: string }[] = [];
  const refresh = async () => {
    const answer = await admin<AdminNodesResponse>('GET', '/nodes');
    if (answer.status === 200) nodes = answer.body.nodes.map((n) => ({ id: n.id, url: n.url }));
  };
  let tree: number[] = [];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
    // A server the fuzz hung (a busy loop) never hears its launcher go: end it and its nodes by pid.
    for (const pid of [child.pid!, ...tree]) {
      try {
        if (isRunning(pid)) process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      `${INITIAL_NODES} nodes alive and the dashboard answering`,
      async () => {
        if (child.exitCode !== null) throw new Error(`the launcher exited (${child.exitCode}):\n${output}`);
        const list = await admin<AdminNodesResponse>('GET', '/nodes');
        const alive = list.body.nodes.filter((n) => n.status === 'alive').length;
        return alive >= INITIAL_NODES && (await fetch(dashboardUrl)).status === 200;
      },
      180_000,
      250,
    );
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n${output}`, { cause: err });
  }
  await refresh();
  const [bootstrapPid, dashboardPid] = ['bootstrap', 'dashboard'].map((name) => {
    const pid = childPids(child.pid!).find((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(name));
    assert.ok(pid, `no ${name} process under the launcher`);
    return pid;
  });
  const watched = new Map<number, string>();
  for (const node of nodes) {
    const answer = await call<{ pid: number }>(node.url);
    watched.set(answer.body.pid, node.id);
  }
  tree = [bootstrapPid!, dashboardPid!, ...watched.keys()];
  const ports = () => [bootstrapPort, dashboardPort, ...nodes.map((n) => Number(new URL(n.url).port))];
  return {
    bootstrapUrl,
    dashboardUrl,
    adminToken,
    clusterToken,
    pids: { launcher: child.pid!, bootstrap: bootstrapPid!, dashboard: dashboardPid! },
    nodes: () => nodes,
    ports,
    removedByFuzz: new Set(),
    watched,
    admin,
    refresh,
    output: () => output,
    stop,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Notes a node the fuzz stops or restarts with the admin token: its process may then exit. */
export function noteRemovedNodes(system: FuzzSystem, request: FuzzRequest): void {
  const method = request.method.toUpperCase();
  if (method !== 'DELETE' && !/\/restart(\?|#|$)/.test(request.path)) return;
  const segments = request.path.split(/[/?#]/).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  for (const node of system.nodes()) if (segments.includes(node.id)) system.removedByFuzz.add(node.id);
}

/** The RSS (MB) of the bootstrap and the dashboard server, to compare before and after the fuzz. */
export function sampleRss(system: FuzzSystem): { bootstrap: number; dashboard: number } {
  return { bootstrap: rssMb(system.pids.bootstrap) ?? NaN, dashboard: rssMb(system.pids.dashboard) ?? NaN };
}

/** No server process exited, except nodes the fuzz removed itself. */
export function assertAllRunning(system: FuzzSystem): void {
  for (const [name, pid] of Object.entries(system.pids)) assert.ok(isRunning(pid), `the ${name} (pid ${pid}) exited during the fuzz:\n${system.output()}`);
  for (const [pid, id] of system.watched) {
    if (system.removedByFuzz.has(id)) continue;
    assert.ok(isRunning(pid), `node ${id} (pid ${pid}) exited, and the fuzz did not stop it:\n${system.output()}`);
  }
}

/** The bootstrap's and the dashboard's RSS grew by less than the bound. */
export function assertMemoryBounded(system: FuzzSystem, before: { bootstrap: number; dashboard: number }): void {
  const after = sampleRss(system);
  console.log(
    `fuzz: RSS bootstrap ${before.bootstrap.toFixed(0)} → ${after.bootstrap.toFixed(0)} MB, dashboard ${before.dashboard.toFixed(0)} → ${after.dashboard.toFixed(0)} MB`,
  );
  for (const name of ['bootstrap', 'dashboard'] as const) {
    assert.ok(
      after[name] - before[name] < RSS_GROWTH_LIMIT_MB,
      `the ${name}'s RSS grew by ${(after[name] - before[name]).toFixed(0)} MB (bound ${RSS_GROWTH_LIMIT_MB} MB)`,
    );
  }
}

/** The network still works: with faults and traffic cleared, a send between two live nodes is delivered. */
export async function assertStillWorks(system: FuzzSystem): Promise<void> {
  await system.admin('DELETE', '/traffic');
  await system.admin('DELETE', '/faults');
  await system.admin('PUT', '/overlay', { kind: 'full' });
  const alive = async () =>
    (await system.admin<AdminNodesResponse>('GET', '/nodes')).body.nodes.filter((n) => n.status === 'alive' && n.kind === 'peerscope' && n.managed);
  if ((await alive()).length < 2) await system.admin('POST', '/nodes', { count: 2 });
  let last: unknown;
  await waitFor(
    'a message from one live node to another, delivered',
    async () => {
      const [from, to] = await alive();
      if (!from || !to) return false;
      const sent = await system.admin<SendResult>('POST', '/messages', { from: from.id, to: to.id, text: 'after the fuzz' });
      last = sent;
      return sent.status === 200 && sent.body.status === 'delivered';
    },
    30_000,
    500,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; last answer: ${JSON.stringify(last)}`);
  });
}
