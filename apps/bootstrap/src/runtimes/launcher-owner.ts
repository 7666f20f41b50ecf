import { OwnerAnswerSchema, type OwnedKind, type OwnerAnswer, type OwnerRequest } from './owner-messages.js';
import type { AdoptedProcess, OwnedProcess, ProcessOwner } from './process-owner.js';

interface Tracked {
  pid: number;
  running: boolean;
  exited: Promise<void>;
  markExited: () => void;
  listeners: Array<(message: unknown) => void>;
}

/**
 * Node processes forked by the launcher, asked over this process's IPC channel: their lifeline is
 * the launcher's, so they keep running when this bootstrap dies, and the next bootstrap adopts them.
 */
export class LauncherProcessOwner implements ProcessOwner {
  private readonly tracked = new Map<string, Tracked>();
  private readonly spawning = new Map<string, { resolve: (pid: number) => void; reject: (err: Error) => void }>();
  private listing: ((answer: Extract<OwnerAnswer, { type: 'owner:listed' }>) => void) | undefined;
  private nextRef = 1;
  private readonly runId = `${process.pid}-${Date.now().toString(36)}`;

  constructor(private readonly send: (request: OwnerRequest) => void = (request) => process.send!(request)) {
    process.on('message', (message: unknown) => this.receive(message));
  }

  async spawn(kind: OwnedKind, _entry: string, env: Record<string, string>): Promise<OwnedProcess> {
    const ref = `${this.runId}-${this.nextRef++}`;
    // Tracked before it is forked: a host's `ready` may come right behind the `spawned`.
    const owned = this.track(ref, 0);
    const pid = await new Promise<number>((resolve, reject) => {
      this.spawning.set(ref, { resolve, reject });
      this.send({ type: 'owner:spawn', ref, kind, env });
    }).catch((err: Error) => {
      this.tracked.delete(ref);
      throw err;
    });
    this.tracked.get(ref)!.pid = pid;
    return owned;
  }

  async adopt(): Promise<AdoptedProcess[]> {
    const answer = await new Promise<Extract<OwnerAnswer, { type: 'owner:listed' }>>((resolve) => {
      this.listing = resolve;
      this.send({ type: 'owner:list' });
    });
    return answer.processes.map((held) => ({
      kind: held.kind,
      identity: held.identity,
      lastMessage: held.lastMessage,
      process: this.track(held.ref, held.pid),
    }));
  }

  /** Gives the answers of the launcher to whoever waits for them. */
  receive(message: unknown): void {
    const parsed = OwnerAnswerSchema.safeParse(message);
    if (!parsed.success) return;
    const answer = parsed.data;
    if (answer.type === 'owner:listed') {
      this.listing?.(answer);
      this.listing = undefined;
    } else if (answer.type === 'owner:spawned') {
      this.spawning.get(answer.ref)?.resolve(answer.pid);
      this.spawning.delete(answer.ref);
    } else if (answer.type === 'owner:spawn-failed') {
      this.spawning.get(answer.ref)?.reject(new Error(answer.message));
      this.spawning.delete(answer.ref);
    } else if (answer.type === 'owner:message') {
      for (const listener of this.tracked.get(answer.ref)?.listeners ?? []) listener(answer.message);
    } else {
      const tracked = this.tracked.get(answer.ref);
      tracked?.markExited();
      this.tracked.delete(answer.ref);
    }
  }

  private track(ref: string, pid: number): OwnedProcess {
    let markExited = () => {};
    const exited = new Promise<void>((resolve) => (markExited = resolve));
    const tracked: Tracked = { pid, running: true, exited, markExited: () => ((tracked.running = false), markExited()), listeners: [] };
    this.tracked.set(ref, tracked);
    return {
      get pid() {
        return tracked.pid;
      },
      exited,
      get running() {
        return tracked.running;
      },
      kill: (signal) => {
        if (!tracked.running) return false;
        this.send({ type: 'owner:signal', ref, signal: signal as Extract<OwnerRequest, { type: 'owner:signal' }>['signal'] });
        return true;
      },
      onMessage: (listener) => void tracked.listeners.push(listener),
    };
  }
}
