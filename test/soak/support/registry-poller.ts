// The registry's truth, read the way an operator would: GET /api/nodes on the bootstrap with the
// admin token, every 200 ms, each node's status fed to a StatusLog.
import { admin, type AdminNode } from '../../../bench/support/system.js';
import { StatusLog, type NodeStatus } from './status-log.js';

const POLL_MS = 200;
const SLOW_POLL_MS = 1_000;

export interface RegistryPoller {
  readonly log: StatusLog;
  /** Polls that failed (the bootstrap did not answer in time); the run goes on. */
  readonly failedPolls: number;
  /** Polls that took longer than SLOW_POLL_MS: when the bootstrap answered late, and how late. */
  readonly slowPolls: Array<{ at: number; ms: number }>;
  /** The last list the registry gave. */
  latest(): AdminNode[];
  stop(): Promise<void>;
}

export function pollRegistry(sys: { bootstrapUrl: string; adminToken: string }): RegistryPoller {
  const log = new StatusLog('registry (GET /api/nodes every 200 ms)');
  let failedPolls = 0;
  let nodes: AdminNode[] = [];
  const slowPolls: Array<{ at: number; ms: number }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      try {
        nodes = (await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes')).nodes;
        const at = Date.now();
        if (at - started > SLOW_POLL_MS) slowPolls.push({ at, ms: at - started });
        const seen = new Set(nodes.map((n) => n.id));
        for (const node of nodes) log.observe(node.id, node.status as NodeStatus, at);
        for (const id of log.known()) if (!seen.has(id)) log.forget(id);
      } catch {
        failedPolls += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (Date.now() - started))));
    }
  })();
  return {
    log,
    get failedPolls() {
      return failedPolls;
    },
    slowPolls,
    latest: () => nodes,
    async stop() {
      running = false;
      await loop;
    },
  };
}
