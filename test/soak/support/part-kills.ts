// Kills of whole parts, as a crash makes them: `kill -9` of the dashboard's server (the pages and
// the hub stream must be live again by themselves) and of the bootstrap (every node must be alive
// again under its id; the nodes never stopped). The launcher restarts both.
import { pidOf, waitDown } from '../../../bench/support/recovery.js';
import { admin, type AdminNode, type LauncherSystem } from '../../../bench/support/system.js';
import type { HubStream } from './hub-stream.js';
import type { SoakPage } from './pages.js';

export interface PartKill {
  part: 'dashboard' | 'bootstrap';
  killedAt: number;
  /** ms from the kill until it was back: every page and the hub stream live (dashboard), every node alive under its id (bootstrap). */
  backMs?: number;
  /** Per page, ms until it was live again (dashboard). */
  pages?: Record<string, number>;
  error?: string;
}

const BACK_WITHIN_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function killDashboard(sys: LauncherSystem, pages: SoakPage[], hub: HubStream): Promise<PartKill> {
  const kill: PartKill = { part: 'dashboard', killedAt: Date.now() };
  try {
    process.kill(pidOf(sys, 'dashboard'), 'SIGKILL');
    const live = await Promise.all(pages.map((page) => page.liveAgainAfter(kill.killedAt)));
    kill.pages = Object.fromEntries(pages.map((page, i) => [page.name, live[i]!]));
    const deadline = Date.now() + BACK_WITHIN_MS;
    while (!hub.connected() && Date.now() < deadline) await sleep(50);
    if (!hub.connected()) throw new Error('the hub stream did not reconnect');
    kill.backMs = Math.max(Date.now() - kill.killedAt, ...live);
  } catch (err) {
    kill.error = (err as Error).message;
  }
  return kill;
}

export async function killBootstrap(sys: LauncherSystem): Promise<PartKill> {
  const before = await aliveIds(sys);
  const kill: PartKill = { part: 'bootstrap', killedAt: Date.now() };
  try {
    process.kill(pidOf(sys, 'bootstrap'), 'SIGKILL');
    await waitDown(`${sys.bootstrapUrl}/peers`);
    const deadline = Date.now() + BACK_WITHIN_MS;
    for (;;) {
      const now = await aliveIds(sys).catch((): string[] => []);
      if (before.every((id) => now.includes(id))) break;
      if (Date.now() > deadline) throw new Error(`not every node was alive again within ${BACK_WITHIN_MS} ms`);
      await sleep(100);
    }
    kill.backMs = Date.now() - kill.killedAt;
  } catch (err) {
    kill.error = (err as Error).message;
  }
  return kill;
}

async function aliveIds(sys: LauncherSystem): Promise<string[]> {
  const { nodes } = await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes');
  return nodes.filter((n) => n.status === 'alive').map((n) => n.id);
}
