import type { TelemetryEvent } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import { listNodes, readDynamics, type AdminSettings } from '../../lib/server/bootstrap-admin.js';
import type { Hub } from './hub.js';

/**
 * Rebuilds the hub's node list from the bootstrap's registry: at start (so a restarted dashboard
 * is right at once) and whenever the bootstrap reconnects (it may have restarted and forgotten
 * nodes). Differences become ordinary events, so browsers follow through the normal path.
 */
export class RegistrySync {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** A sync asked for while one runs: the answer in flight may already be stale. */
  private again = false;
  private closed = false;

  constructor(
    private readonly hub: Hub,
    private readonly admin: AdminSettings,
    private readonly logger: Logger,
    /** Told after every sync that reached the bootstrap. */
    private readonly onSynced: () => void = () => {},
  ) {}

  /** Syncs now, and keeps retrying (up to every 5 s) until the bootstrap answers. */
  start(delayMs = 0): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.sync(500), delayMs);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async sync(retryMs: number): Promise<void> {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      const { runtime, nodes } = await listNodes(this.admin);
      const now = Date.now();
      if (this.hub.view.runtime !== runtime) this.emit({ type: 'runtime:changed', runtime, at: now, source: 'hub' });
      const seen = new Set<string>();
      for (const { managed: _managed, ...node } of nodes) {
        seen.add(node.id);
        const known = this.hub.view.nodes.get(node.id);
        const differs = !known || known.status !== node.status || known.url !== node.url || known.kind !== node.kind;
        if (differs) this.emit({ type: 'node:registered', node, at: now, source: 'hub' });
      }
      for (const id of [...this.hub.view.nodes.keys()]) {
        if (!seen.has(id)) this.emit({ type: 'node:deregistered', nodeId: id, reason: 'forgotten', at: now, source: 'hub' });
      }
      await this.syncDynamics();
      this.logger.info({ nodes: nodes.length, runtime }, 'synced with the bootstrap registry');
      this.onSynced();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, retryInMs: retryMs }, 'bootstrap registry not reachable yet');
      if (!this.closed) this.timer = setTimeout(() => void this.sync(Math.min(retryMs * 2, 5_000)), retryMs);
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      void this.sync(500);
    }
  }

  /** Faults, overlay and traffic as the bootstrap has them now; a difference becomes its usual event. */
  private async syncDynamics(): Promise<void> {
    const { faults, overlay, traffic } = await readDynamics(this.admin);
    const view = this.hub.view;
    const at = Date.now();
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    if (faults && !same(faults, view.faults)) this.emit({ type: 'faults:changed', faults, at, source: 'hub' });
    if (overlay && !same(overlay, view.overlay)) this.emit({ type: 'overlay:changed', overlay, at, source: 'hub' });
    if (traffic && !same(traffic, view.traffic)) this.emit({ type: 'traffic:changed', traffic, at, source: 'hub' });
  }

  private emit(event: TelemetryEvent): void {
    this.hub.record(event);
  }
}
