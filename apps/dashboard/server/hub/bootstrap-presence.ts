import type { TelemetryEvent } from '@peerscope/protocol';
import type { NetworkView } from '@peerscope/network-view';

/** How long a hub that starts believing the bootstrap up waits for it to connect before saying it is down. */
export const BOOTSTRAP_GRACE_MS = 5_000;

/**
 * Whether the bootstrap is up, as the hub sees it: its reporter holds a connection to `/ingest`
 * while it runs, and a crash closes it (the kernel resets the socket). The hub records each change
 * as a `bootstrap:status-changed` event, so every page (viewers too) shows the bootstrap down
 * while it is, and the trace keeps when.
 */
export class BootstrapPresence {
  private connections = 0;
  private grace: NodeJS.Timeout | undefined;

  constructor(
    private readonly view: NetworkView,
    private readonly record: (event: TelemetryEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A restored picture may say up from before this hub's restart: if no bootstrap connects soon, it is down. */
  start(graceMs = BOOTSTRAP_GRACE_MS): void {
    if (!this.view.bootstrap?.up) return;
    this.grace = setTimeout(() => this.connections === 0 && this.tell(false), graceMs);
    this.grace.unref();
  }

  connected(): void {
    this.connections += 1;
    this.tell(true);
  }

  disconnected(): void {
    this.connections = Math.max(0, this.connections - 1);
    if (this.connections === 0) this.tell(false);
  }

  close(): void {
    clearTimeout(this.grace);
  }

  private tell(up: boolean): void {
    if (this.view.bootstrap?.up === up) return;
    this.record({ type: 'bootstrap:status-changed', up, at: this.now(), source: 'hub' });
  }
}
