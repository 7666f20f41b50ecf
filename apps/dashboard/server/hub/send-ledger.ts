import type { TelemetryEvent } from '@peerscope/protocol';

type MessageEvent = Extract<TelemetryEvent, { type: 'message:sent' | 'message:received' }>;

/**
 * The sends the hub heard of from the sending node's own connection (events carry the source the
 * hub stamped on them), so it can tell a receipt whose `from` is a fact from one that is only what
 * the message claimed. Bounded: past `capacity` ids, the oldest is forgotten, and a receipt that
 * comes that late is marked unverified (its sender's `message:sent`, when it comes, clears the mark).
 */
export class SendLedger {
  /** Message id → `from->to` as the sender reported it; in arrival order, oldest first. */
  private readonly sends = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  /** Notes a send when it came from the sender itself. */
  noteSent(event: MessageEvent): void {
    if (event.type !== 'message:sent' || event.source !== event.from) return;
    this.sends.delete(event.id);
    this.sends.set(event.id, `${event.from}->${event.to}`);
    if (this.sends.size > this.capacity) this.sends.delete(this.sends.keys().next().value!);
  }

  /** True when the receipt's sender reported this very send (same id, same ends). */
  confirms(event: MessageEvent): boolean {
    return this.sends.get(event.id) === `${event.from}->${event.to}`;
  }

  get size(): number {
    return this.sends.size;
  }
}
