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

/** What this file uses of the dashboard's browser client (`apps/dashboard/lib/network-client.ts`). */
interface PageClient {
  connection: string;
  view: { counters: { delivered: number } } | undefined;
  onConnectionChange(listener: () => void): () => void;
  close(): void;
}
// Loaded by its path: the dashboard's lib is written for its bundler (imports without extensions),
// which this project's Node type-check does not follow; tsx runs it as it is.
const { NetworkClient } = (await import(new URL('../../apps/dashboard/lib/network-client.ts', import.meta.url).href)) as {
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
