import { ExitedBeforeReadyError, stopChildren, type Child, type ReadyMessage } from './children.js';

export interface SupervisorOptions {
  name: string;
  /** Starts the part once and waits for its `ready` (see `startChild`). */
  start: () => Promise<{ child: Child; ready: ReadyMessage }>;
  /** Each time it is ready again after a restart. */
  onRestarted?: (ready: ReadyMessage, restarts: number) => void;
  /** It died and will not be restarted (it exits 2: a setting or its state file, which a restart would not change). */
  onGaveUp: (reason: string) => void;
  log: (line: string) => void;
  /** A part that lived this long before it died is restarted at once; one that died sooner waits longer each time. */
  stableMs?: number;
  /** The longest wait between two restarts of a part that keeps dying. */
  maxBackoffMs?: number;
}

/** Exit code 2: the part refused to start (a setting, a busy port, a state file it cannot read). */
const WILL_NOT_START = 2;

/**
 * Keeps one part of the system running: when it dies (crash, OOM, `kill -9`) it is started again,
 * the rest untouched. A part that dies soon after each start waits longer each time (500 ms,
 * doubling, up to `maxBackoffMs`), so a crash loop costs little; one that stayed up `stableMs`
 * starts over at no wait.
 */
export class Supervisor {
  private current: Child | undefined;
  private stopped = false;
  private restarts = 0;
  private quickDeaths = 0;
  private wait: { timer: NodeJS.Timeout; resolve: () => void } | undefined;

  constructor(private readonly options: SupervisorOptions) {}

  get child(): Child | undefined {
    return this.current;
  }

  /** The first start: its failure is the caller's (the launcher stops). */
  async start(): Promise<ReadyMessage> {
    const { child, ready } = await this.options.start();
    this.watch(child, Date.now());
    return ready;
  }

  /** No more restarts; stops the running part (killed after the grace period). Resolves with the names killed. */
  async stop(graceMs?: number): Promise<string[]> {
    this.stopped = true;
    if (this.wait) {
      clearTimeout(this.wait.timer);
      this.wait.resolve();
    }
    return this.current ? stopChildren([this.current], graceMs) : [];
  }

  private watch(child: Child, startedAt: number): void {
    this.current = child;
    void child.exited.then((code) => {
      if (this.stopped) return;
      if (code === WILL_NOT_START) {
        this.stopped = true;
        this.options.onGaveUp(`the ${this.options.name} exited with code 2 (see its message above); not restarting it`);
        return;
      }
      const lived = Date.now() - startedAt;
      this.quickDeaths = lived >= (this.options.stableMs ?? 10_000) ? 0 : this.quickDeaths + 1;
      void this.restart(code);
    });
  }

  private async restart(code: number | string): Promise<void> {
    const delay = this.quickDeaths <= 1 ? 0 : Math.min(500 * 2 ** (this.quickDeaths - 2), this.options.maxBackoffMs ?? 30_000);
    this.options.log(`peerscope: the ${this.options.name} exited (${String(code)}); restarting it${delay > 0 ? ` in ${delay} ms` : ''}`);
    if (delay > 0) await new Promise<void>((resolve) => (this.wait = { timer: setTimeout(resolve, delay), resolve }));
    this.wait = undefined;
    if (this.stopped) return;
    const startedAt = Date.now();
    try {
      const { child, ready } = await this.options.start();
      if (this.stopped) {
        await stopChildren([child]);
        return;
      }
      this.restarts += 1;
      this.watch(child, startedAt);
      this.options.onRestarted?.(ready, this.restarts);
    } catch (err) {
      if (err instanceof ExitedBeforeReadyError && err.code === WILL_NOT_START) {
        this.stopped = true;
        this.options.onGaveUp(`the ${this.options.name} refused to start again (code 2, see its message above); not restarting it`);
        return;
      }
      // Not ready (it died while starting, or was late): it counts as a quick death.
      this.options.log(`peerscope: the ${this.options.name} did not start again: ${(err as Error).message}`);
      this.quickDeaths += 1;
      if (!this.stopped) void this.restart('not ready');
    }
  }
}
