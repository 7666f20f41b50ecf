// Which messages the hub saw arrive but never heard the end of from their sender. A node killed
// right after a send was acknowledged takes its last unflushed report with it (a crash gives no
// goodbye), so its receiver's receipt is all the hub ever learns: the generator counted that
// message delivered, the hub cannot. The soak allows exactly those, and no other difference.
import type { TelemetryEvent } from '@peerscope/protocol';

interface Seen {
  from: string;
  /** The sender's own word came (delivered or failed). */
  settled: boolean;
}

export class ReceiptLedger {
  private readonly messages = new Map<string, Seen>();

  observe(event: TelemetryEvent): void {
    if (event.type === 'message:received') {
      // Broadcast copies, gossip hops and repeats are not the generator's messages.
      if (event.broadcastId !== undefined || event.gossip !== undefined || event.duplicate) return;
      const seen = this.messages.get(event.id);
      if (seen) seen.from = event.from;
      else this.messages.set(event.id, { from: event.from, settled: false });
    } else if (event.type === 'message:delivered' || event.type === 'message:failed') {
      const seen = this.messages.get(event.id);
      if (seen) seen.settled = true;
      else this.messages.set(event.id, { from: event.from, settled: true });
    }
  }

  /** Messages received whose sender, one of `crashed`, never reported how the send ended. */
  unsettledFrom(crashed: ReadonlySet<string>): number {
    let count = 0;
    for (const seen of this.messages.values()) if (!seen.settled && crashed.has(seen.from)) count += 1;
    return count;
  }
}
