import type { Delta } from '@peerscope/protocol';

/** The last `capacity` deltas, so a browser that reconnects can get exactly what it missed. */
export class Journal {
  private readonly ring: Delta[] = [];
  private start = 0;

  constructor(private readonly capacity: number) {}

  append(delta: Delta): void {
    if (this.ring.length < this.capacity) this.ring.push(delta);
    else {
      this.ring[this.start] = delta;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Every delta after `seq`, or undefined when some of them are no longer held. */
  since(seq: number, current: number): Delta[] | undefined {
    if (seq === current) return [];
    if (seq > current) return undefined;
    const oldest = this.ring[this.start]?.seq;
    if (oldest === undefined || seq + 1 < oldest) return undefined;
    const ordered = [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
    return ordered.slice(seq + 1 - oldest);
  }
}
