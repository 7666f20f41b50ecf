/** Gives a send's turn back. */
export type Release = () => void;

/** Why a send got no turn: it waited `maxWaitMs`, or its node stopped meanwhile. */
export type NoTurn = 'waited' | 'stopped';

/**
 * Turns to send, shared by every node of a pool host: at most `max` messages under way at once,
 * the others waiting in the order they came. A gossip over a thousand nodes at fan-out 20 asks a
 * host for thousands of sends within a second. All at once, they filled the machine with
 * connections and the host's event loop with their work: most timed out (their 2 s passed
 * before the overloaded peers answered) and the nodes' heartbeats, which do not wait here, came
 * so late that healthy nodes were declared dead. In turns, a message's timeout counts from when
 * it leaves, so it measures the peer, not the queue; the wait is in its latency, and a send that
 * waits `maxWaitMs` for a turn fails (a host asked for more than it can ever send).
 */
export class SendTurns {
  private running = 0;
  /** Waiting sends, oldest first from `head`; one without `grant` gave up. */
  private queue: Array<{ grant?: (turn: Release) => void }> = [];
  private head = 0;

  constructor(
    readonly max: number,
    readonly maxWaitMs: number,
  ) {}

  /** A turn now, or the promise of one; `stopping` ends the wait (the node crashed or stopped). */
  take(stopping: AbortSignal): Release | Promise<Release | NoTurn> {
    // Below the bound no one waits (each release hands its turn on), so any entries left gave up.
    if (this.running < this.max) {
      if (this.queue.length > 0) {
        this.queue = [];
        this.head = 0;
      }
      return this.start();
    }
    if (stopping.aborted) return Promise.resolve('stopped');
    return new Promise((resolve) => {
      const waiter: { grant?: (turn: Release) => void } = {};
      const end = (turn: Release | NoTurn) => {
        delete waiter.grant;
        clearTimeout(timer);
        stopping.removeEventListener('abort', onStop);
        resolve(turn);
      };
      const onStop = () => end('stopped');
      const timer = setTimeout(() => end('waited'), this.maxWaitMs);
      stopping.addEventListener('abort', onStop, { once: true });
      waiter.grant = end;
      this.queue.push(waiter);
    });
  }

  /** Sends under way, and waiting for a turn. */
  counts(): { running: number; waiting: number } {
    let waiting = 0;
    for (let i = this.head; i < this.queue.length; i++) if (this.queue[i]!.grant) waiting += 1;
    return { running: this.running, waiting };
  }

  private start(): Release {
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      this.next();
    };
  }

  private next(): void {
    while (this.head < this.queue.length && this.running < this.max) {
      const { grant } = this.queue[this.head++]!;
      if (grant) grant(this.start());
    }
    // Drop what was passed once the queue has emptied, or when most of it is behind the head.
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1_024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
