/**
 * At most `limit` tasks at once; the rest wait their turn in order. The Docker runtime passes
 * every container start through one, so a large add neither floods the engine nor boots more
 * nodes at once than the machine can start before their first heartbeats fall due.
 */
export class Gate {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`a gate needs a limit of at least 1, not ${limit}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
