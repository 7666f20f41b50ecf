// Crashes and restarts through the bootstrap's admin API, as an operator makes them:
// DELETE /api/nodes/:id?mode=crash, then (once the registry has declared it dead)
// POST /api/nodes/:id/restart, then wait until it is alive again.
import { admin, type AdminNode } from '../../../bench/support/system.js';
import type { CrashWindow } from './status-log.js';

const DEAD_WITHIN_MS = 20_000;
const BACK_WITHIN_MS = 30_000;
const POLL_MS = 50;

type Sys = { bootstrapUrl: string; adminToken: string };

export interface CrashRecord extends CrashWindow {
  /** When the registry was first seen to list it dead (undefined: not within DEAD_WITHIN_MS). */
  deadSeenAt: number | undefined;
  restartedAt: number | undefined;
  error?: string;
}

/** Crashes one node and restarts it; the record says when each step happened. */
export async function crashAndRestart(sys: Sys, nodeId: string, record: (crash: CrashRecord) => void): Promise<CrashRecord> {
  const crash: CrashRecord = { nodeId, crashedAt: Date.now(), backAt: Infinity, deadSeenAt: undefined, restartedAt: undefined };
  // Recorded before the crash request leaves, so the status watchers know it from the start.
  record(crash);
  try {
    await admin(sys, 'DELETE', `/nodes/${encodeURIComponent(nodeId)}?mode=crash`);
    crash.deadSeenAt = await waitForStatus(sys, nodeId, 'dead', DEAD_WITHIN_MS);
    crash.restartedAt = Date.now();
    await admin(sys, 'POST', `/nodes/${encodeURIComponent(nodeId)}/restart`);
    const back = await waitForStatus(sys, nodeId, 'alive', BACK_WITHIN_MS);
    if (back === undefined) throw new Error(`${nodeId} was not alive within ${BACK_WITHIN_MS} ms of its restart`);
    crash.backAt = back;
  } catch (err) {
    // fetch's own message ("fetch failed") hides why: the cause says (ECONNRESET, a timeout…).
    const cause = (err as Error & { cause?: Error }).cause;
    crash.error = `${(err as Error).message}${cause ? ` (${cause.message})` : ''}`;
  }
  return crash;
}

/** Polls the registry until the node has `status`; resolves with when that was seen, or undefined. */
async function waitForStatus(sys: Sys, nodeId: string, status: string, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { nodes } = await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes');
    if (nodes.find((n) => n.id === nodeId)?.status === status) return Date.now();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}

/** A node to crash: alive, one the soak can control, and not crashed already. */
export function pickVictim(nodes: AdminNode[], busy: ReadonlySet<string>, random: () => number = Math.random): string | undefined {
  const candidates = nodes.filter((n) => n.status === 'alive' && n.kind === 'peerscope' && n.managed && !busy.has(n.id));
  return candidates[Math.floor(random() * candidates.length)]?.id;
}
