import { request, type Agent } from 'undici';
import type { Registry } from './registry.js';

/**
 * Classic (course) nodes never heartbeat, so the bootstrap checks them itself with `GET /`
 * every `intervalMs`; an answer of any 2xx counts as alive.
 */
export class ClassicProber {
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly registry: Registry,
    private readonly agent: Agent,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.probeAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  probeAll(): void {
    for (const node of this.registry.list()) {
      if (node.kind === 'classic' && !this.inFlight.has(node.id)) void this.probe(node.id, node.url);
    }
  }

  private async probe(id: string, url: string): Promise<void> {
    this.inFlight.add(id);
    try {
      const response = await request(`${url}/`, {
        dispatcher: this.agent,
        signal: AbortSignal.timeout(Math.min(this.intervalMs, 2_000)),
      });
      await response.body.dump();
      if (response.statusCode >= 200 && response.statusCode < 300) this.registry.markSeen(id);
    } catch {
      // Silence is the signal: the sweeper turns it into suspect, then dead.
    } finally {
      this.inFlight.delete(id);
    }
  }
}
