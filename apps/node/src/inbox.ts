import type { ReceivedMessage } from '@peerscope/protocol';

/** The last `capacity` messages received, oldest first. */
export class Inbox {
  private readonly ring: ReceivedMessage[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  add(message: ReceivedMessage): void {
    if (this.ring.length < this.capacity) this.ring.push(message);
    else this.ring[this.next] = message;
    this.next = (this.next + 1) % this.capacity;
  }

  list(): ReceivedMessage[] {
    if (this.ring.length < this.capacity) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
