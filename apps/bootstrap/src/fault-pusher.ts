import type { NodeFaults } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import { request, type Agent } from 'undici';
import type { FaultBook } from './faults.js';
import type { Registry } from './registry.js';

const NO_FAULTS = JSON.stringify({ blockedTo: [], blockedFrom: [], links: [] });

/**
 * Gives every peerscope node its share of the faults, through its control API, whenever the faults
 * or the membership change. A node is only sent a share that differs from the last one it took,
 * and a node that (re)registers is sent its share afresh: a restarted process starts clean.
 */
export class FaultPusher {
  private readonly pushed = new Map<string, string>();
  private scheduled: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly faults: FaultBook,
    private readonly agent: Agent,
    private readonly logger: Logger,
  ) {
    registry.onChange((change) => {
      if (change.type === 'registered') this.pushed.delete(change.node.id);
      if (change.type === 'deregistered') this.pushed.delete(change.nodeId);
      this.schedule();
    });
  }

  /** Pushes now to every node whose share changed; resolves when they all answered (or failed). */
  async pushAll(): Promise<void> {
    clearTimeout(this.scheduled);
    this.scheduled = undefined;
    // Every node holds no faults and none is to be told any: nothing to look at (this runs after every join).
    if (this.faults.hasNoShares() && this.pushed.size === 0) return;
    const nodes = this.registry.list().filter((n) => n.kind === 'peerscope' && n.status !== 'dead');
    const allIds = this.registry.list().map((n) => n.id);
    await Promise.all(
      nodes.map(async (node) => {
        const share = this.faults.shareOf(node.id, allIds);
        const key = JSON.stringify(share);
        // A node starts with no faults: nothing to say until it has some.
        if ((this.pushed.get(node.id) ?? NO_FAULTS) === key) return;
        const token = this.registry.controlTokenOf(node.id);
        if (!token) return;
        try {
          await this.put(node.url, token, share);
          // Only nodes holding faults are remembered: none remembered means none to clear.
          if (key === NO_FAULTS) this.pushed.delete(node.id);
          else this.pushed.set(node.id, key);
        } catch (err) {
          this.logger.warn({ node: node.id, err: (err as Error).message }, 'could not give a node its faults');
        }
      }),
    );
  }

  close(): void {
    clearTimeout(this.scheduled);
  }

  /** Membership changes come in bursts (a node joins, its peers' lists change): push once after. */
  private schedule(): void {
    this.scheduled ??= setTimeout(() => void this.pushAll(), 100);
  }

  private async put(url: string, token: string, share: NodeFaults): Promise<void> {
    const response = await request(`${url}/control/faults`, {
      method: 'PUT',
      dispatcher: this.agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(share),
      signal: AbortSignal.timeout(2_000),
    });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`answered ${response.statusCode}`);
  }
}
