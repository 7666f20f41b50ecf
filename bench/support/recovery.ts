// Kills one part of a launched system with SIGKILL while the traffic generator runs, and measures
// how the rest lives through it: the time until a page that stayed open is live again, until the
// nodes are registered again, and whether every delivered message is still counted exactly once.
// Used by `npm run bench:recovery` (prints the times) and test/recovery (asserts them).
import { readFileSync } from 'node:fs';
import type { TrafficStatus } from '@peerscope/protocol';
import { admin, aliveNodes, type AdminNode, type LauncherSystem } from './system.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, polling every `everyMs`; throws after `timeoutMs` naming `what`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = await check();
    } catch {
      value = undefined;
    }
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** What this file uses of the dashboard's browser client (`apps/dashboard/lib/browser/network-client.ts`). */
interface PageClient {
  connection: string;
  view: { counters: { delivered: number } } | undefined;
  onConnectionChange(listener: () => void): () => void;
  /** Opens its connection to the hub (a client opens nothing until asked). */
  connect(): () => void;
  close(): void;
}
// Loaded by its path: the dashboard's lib is written for its bundler (imports without extensions),
// which this project's Node type-check does not follow; tsx runs it as it is.
const { NetworkClient } = (await import(new URL('../../apps/dashboard/lib/browser/network-client.ts', import.meta.url).href)) as {
  NetworkClient: new (url: string) => PageClient;
};

/** A page that stays open: the dashboard's own browser client (NetworkClient), run in Node. */
export class OpenPage {
  readonly client: PageClient;
  /** Date.now() of each change of its connection state. */
  readonly changes: Array<{ at: number; state: string }> = [];

  constructor(dashboardUrl: string) {
    this.client = new NetworkClient(new URL('/ui', dashboardUrl).href);
    this.client.onConnectionChange(() => this.changes.push({ at: Date.now(), state: this.client.connection }));
    this.client.connect();
  }

  get live(): boolean {
    return this.client.connection === 'live' && this.client.view !== undefined;
  }

  get delivered(): number {
    return this.client.view?.counters.delivered ?? 0;
  }

  /** When it was first live again after `since`. */
  liveAgainAfter(since: number): number | undefined {
    const lost = this.changes.find((c) => c.at >= since && c.state !== 'live');
    if (!lost) return undefined;
    return this.changes.find((c) => c.at >= lost.at && c.state === 'live')?.at;
  }

  close(): void {
    this.client.close();
  }
}

export const PART_PATTERNS = {
  dashboard: /dashboard\/dist\/server\/main\.js/,
  bootstrap: /bootstrap\/dist\/main\.js/,
  node: /node\/dist\/main\.js/,
  /** What runs nodes: process nodes, or pool hosts. */
  nodeHost: /node\/dist\/(main|pool\/host)\.js/,
} as const;

/** The one process of a part (throws when there is not exactly one). */
export function pidOf(system: LauncherSystem, part: keyof typeof PART_PATTERNS): number {
  const pids = system.pidsMatching(PART_PATTERNS[part]);
  if (pids.length !== 1 && part !== 'node') throw new Error(`expected one ${part} process, found ${pids.length}`);
  if (pids.length === 0) throw new Error(`no ${part} process`);
  return pids[0]!;
}

export async function traffic(system: LauncherSystem): Promise<TrafficStatus> {
  return admin<TrafficStatus>(system, 'GET', '/traffic');
}

/** Starts the generator and returns once it runs. */
export async function startTraffic(system: LauncherSystem, rate: number, durationS: number): Promise<void> {
  await admin(system, 'POST', '/traffic', { rate, durationS });
}

/** Once the generator has finished: the page's and the generator's delivered counts, after the last reports settled. */
export async function settledCounts(system: LauncherSystem, page: OpenPage, timeoutMs: number): Promise<{ generator: TrafficStatus; page: number }> {
  const generator = await until('the traffic generator to finish', async () => ((await traffic(system)).running ? undefined : traffic(system)), timeoutMs, 250);
  const resolved = await generator;
  // Reports are sent every 25 ms and acknowledged once saved: give the last ones a moment.
  await until('the page to count every delivered message', () => page.delivered >= resolved.delivered || undefined, 10_000, 50).catch(() => undefined);
  await sleep(500);
  return { generator: resolved, page: page.delivered };
}

/** Nodes the registry lists alive with the given ids. */
export async function aliveIds(system: LauncherSystem): Promise<string[]> {
  return (await aliveNodes(system)).map((node: AdminNode) => node.id).sort();
}

/** A node's control token, read from its process's environment (the test runs as the same user). */
export function controlTokenOf(pid: number): string {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const entry = environ.find((line) => line.startsWith('PEERSCOPE_CONTROL_TOKEN='));
  if (!entry) throw new Error(`process ${pid} has no control token`);
  return entry.slice('PEERSCOPE_CONTROL_TOKEN='.length);
}

/** A node's id, read from its process's environment. */
export function nodeIdOf(pid: number): string | undefined {
  const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .find((line) => line.startsWith('NODE_ID='));
  return entry?.slice('NODE_ID='.length);
}

/**
 * Sends straight from node to node through the sender's control API (no bootstrap on the way):
 * how a test sends while the bootstrap is down. Resolves with the send's status.
 */
export async function sendDirect(from: { url: string; token: string }, to: { id: string; url: string }, text: string): Promise<string> {
  const response = await fetch(`${from.url}/control/send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${from.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: to.id, toUrl: to.url, text }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { status?: string; error?: { code: string } };
  return body.status ?? body.error?.code ?? String(response.status);
}

/** Resolves once nothing answers at `url` any more (the part is down). */
export async function waitDown(url: string, timeoutMs = 10_000): Promise<number> {
  return until(
    `${url} to stop answering`,
    async () => {
      try {
        await fetch(url, { signal: AbortSignal.timeout(500) });
        return undefined;
      } catch {
        return Date.now();
      }
    },
    timeoutMs,
    10,
  );
}

export interface RecoverySettings {
  nodes: number;
  /** The traffic generator's rate while each part is killed. */
  rate: number;
  /** Extra environment for the launcher (e.g. `PEERSCOPE_RUNTIME`). */
  env?: Record<string, string>;
  /**
   * How the dashboard's server and the bootstrap are stopped: SIGKILL (a crash, the default) or
   * SIGTERM (a plain `kill` of that part alone, which the launcher restarts where it was).
   */
  signal?: 'SIGKILL' | 'SIGTERM';
}

export interface RecoveryResult {
  dashboard: { liveAgainMs: number; generatorDelivered: number; pageDelivered: number };
  bootstrap: {
    downAfterMs: number;
    sendsWhileDown: string[];
    nodesBackMs: number;
    generator: TrafficStatus;
    pageDelivered: number;
    sameNodePids: boolean;
  };
  node: { id: string; deadAfterMs: number; aliveAgainMs: number };
  launcher: { processes: number; goneAfterMs: number; leftovers: number[] };
}

/**
 * The whole lesson, measured: with traffic running, `kill -9` (or `settings.signal`) of the
 * dashboard's server, then of the bootstrap (sending node to node while it is down), then `kill -9`
 * of one node (and its restart), then of the launcher. `log` is told each step.
 */
export async function runRecovery(
  system: LauncherSystem,
  settings: RecoverySettings,
  log: (line: string) => void,
  bounds = { liveMs: 60_000, backMs: 60_000 },
): Promise<RecoveryResult> {
  const page = new OpenPage(system.dashboardUrl);
  const signal = settings.signal ?? 'SIGKILL';
  const how = signal === 'SIGKILL' ? 'kill -9' : 'a plain kill';
  try {
    await until('the page to be live', () => page.live, 30_000);
    const trafficS = 8;

    // 1. The dashboard: a page that stayed open is live again, and counts every message once.
    await startTraffic(system, settings.rate, trafficS);
    await sleep(2_000);
    const dashboardKilled = Date.now();
    process.kill(pidOf(system, 'dashboard'), signal);
    const liveAgain = await until('the page to be live again', () => page.liveAgainAfter(dashboardKilled), bounds.liveMs);
    log(`dashboard: the open page was live again ${liveAgain - dashboardKilled} ms after ${how}`);
    const first = await settledCounts(system, page, 60_000);
    const dashboard = { liveAgainMs: liveAgain - dashboardKilled, generatorDelivered: first.generator.delivered, pageDelivered: first.page };
    log(`dashboard: generator delivered ${dashboard.generatorDelivered}, the page counts ${dashboard.pageDelivered}`);

    // 2. The bootstrap: nodes keep messaging while it is down, and are back under their ids.
    const { nodes } = await admin<{ nodes: Array<{ id: string; url: string; status: string }> }>(system, 'GET', '/nodes');
    const alive = nodes.filter((n) => n.status === 'alive');
    const ids = alive.map((n) => n.id).sort();
    const nodePids = system.pidsMatching(PART_PATTERNS.node).sort();
    const hostPids = system.pidsMatching(PART_PATTERNS.nodeHost).sort();
    const tokens = new Map(nodePids.map((pid) => [nodeIdOf(pid), controlTokenOf(pid)]));
    const [a, b] = alive;
    const deliveredBefore = page.delivered;
    await startTraffic(system, settings.rate, trafficS);
    await sleep(2_000);
    const bootstrapKilled = Date.now();
    process.kill(pidOf(system, 'bootstrap'), signal);
    const down = await waitDown(`${system.bootstrapUrl}/peers`);
    const sendsWhileDown: string[] = [];
    if (a && b && tokens.get(a.id)) {
      for (let i = 0; i < 5; i++) sendsWhileDown.push(await sendDirect({ url: a.url, token: tokens.get(a.id)! }, b, `while the bootstrap is down ${i}`));
    }
    log(`bootstrap: down ${down - bootstrapKilled} ms after ${how}; ${a?.id}→${b?.id} meanwhile: ${sendsWhileDown.join(', ')}`);
    await until(
      'every node alive again under its id',
      async () => JSON.stringify(await aliveIds(system)) === JSON.stringify(ids) || undefined,
      bounds.backMs,
      50,
    );
    const nodesBackMs = Date.now() - bootstrapKilled;
    log(`bootstrap: ${ids.length} nodes alive again under their ids ${nodesBackMs} ms after ${how}`);
    const second = await settledCounts(system, page, 60_000);
    const bootstrap = {
      downAfterMs: down - bootstrapKilled,
      sendsWhileDown,
      nodesBackMs,
      generator: second.generator,
      pageDelivered: second.page - deliveredBefore - sendsWhileDown.filter((s) => s === 'delivered').length,
      sameNodePids: JSON.stringify(system.pidsMatching(PART_PATTERNS.nodeHost).sort()) === JSON.stringify(hostPids),
    };
    log(
      `bootstrap: generator delivered ${second.generator.delivered} (${second.generator.unanswered ?? 0} unanswered), the page counts ${bootstrap.pageDelivered} of them`,
    );

    // 3. One node: dead in the registry, then restarted under its id.
    const victim = ids.at(-1)!;
    const victimPid = nodePids.find((pid) => nodeIdOf(pid) === victim);
    const nodeKilled = Date.now();
    // A pooled node shares its process: the runtime's crash is its kill -9.
    if (victimPid) process.kill(victimPid, 'SIGKILL');
    else await admin(system, 'DELETE', `/nodes/${victim}?mode=crash`);
    await until(
      `${victim} dead`,
      async () =>
        (await admin<{ nodes: Array<{ id: string; status: string }> }>(system, 'GET', '/nodes')).nodes.find((n) => n.id === victim)?.status === 'dead' ||
        undefined,
      30_000,
      50,
    );
    const deadAfterMs = Date.now() - nodeKilled;
    await admin(system, 'POST', `/nodes/${victim}/restart`);
    await until(`${victim} alive again`, async () => (await aliveIds(system)).includes(victim) || undefined, 30_000, 50);
    const node = { id: victim, deadAfterMs, aliveAgainMs: Date.now() - nodeKilled };
    log(`node: ${victim} dead ${node.deadAfterMs} ms after kill -9, alive again (restarted) ${node.aliveAgainMs} ms after`);

    // 4. The launcher: everything it started goes with it.
    const everything = system.pidsMatching(/./).filter((pid) => pid !== system.pid);
    const launcherKilled = Date.now();
    process.kill(system.pid, 'SIGKILL');
    const leftovers = await until('every process to be gone', () => (everything.every((pid) => !isRunning(pid)) ? [] : undefined), 20_000, 50).catch(() =>
      everything.filter(isRunning),
    );
    const launcher = { processes: everything.length, goneAfterMs: Date.now() - launcherKilled, leftovers };
    log(
      `launcher: ${everything.length} processes, ${leftovers.length === 0 ? `all gone ${launcher.goneAfterMs} ms after kill -9` : `left: ${leftovers.join(' ')}`}`,
    );
    return { dashboard, bootstrap, node, launcher };
  } finally {
    page.close();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
