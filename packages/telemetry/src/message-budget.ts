import type { ReportedEvent } from '@peerscope/protocol';

type MessageEvent = Extract<ReportedEvent, { type: 'message:sent' | 'message:received' | 'message:delivered' | 'message:failed' }>;
type Summary = Extract<ReportedEvent, { type: 'messages:summarised' }>;

/** The most links counted between two drains. */
export const MAX_SUMMARY_LINKS = 1_000;

const COUNTER = {
  'message:sent': 'sent',
  'message:received': 'received',
  'message:delivered': 'delivered',
  'message:failed': 'failed',
} as const;

/**
 * How many message events a reporter sends one by one each second. Past the budget, the rest of
 * that second's plain message events are counted per link and sent as `messages:summarised`:
 * at tens of thousands of messages a second nobody can watch them one by one, and describing
 * each one would cost the node a good part of its capacity. Broadcast copies, gossip hops and
 * duplicates are never counted (gossip coverage needs every hop).
 */
export class MessageBudget {
  private windowStart = 0;
  private used = 0;
  private readonly summaries = new Map<string, Summary>();

  constructor(private readonly perSecond: number) {}

  /** True when `event` should travel on its own; false when it was counted in a summary instead. Seconds run by `event.at`. */
  admit(event: ReportedEvent): boolean {
    if (!(event.type in COUNTER)) return true;
    const message = event as MessageEvent;
    if (message.broadcastId !== undefined || message.gossip !== undefined || (message.type === 'message:received' && message.duplicate)) return true;
    if (message.at - this.windowStart >= 1_000) {
      this.windowStart = message.at;
      this.used = 0;
    }
    if (this.used < this.perSecond) {
      this.used += 1;
      return true;
    }
    return !this.count(message);
  }

  /** The summaries counted since the last call, one per link; counting starts afresh. */
  drain(): Summary[] {
    const summaries = [...this.summaries.values()];
    this.summaries.clear();
    return summaries;
  }

  /** Counts the event in its link's summary; false when the summaries hold as many links as they may. */
  private count(event: MessageEvent): boolean {
    const key = `${event.from}\n${event.to}`;
    let summary = this.summaries.get(key);
    if (!summary) {
      // Senders are claims anyone can post: past this many links an event travels on its own
      // (into the reporter's bounded queue) rather than growing the summaries.
      if (this.summaries.size >= MAX_SUMMARY_LINKS) return false;
      summary = { type: 'messages:summarised', from: event.from, to: event.to, since: event.at, at: event.at, sent: 0, received: 0, delivered: 0, failed: 0 };
      this.summaries.set(key, summary);
    }
    summary[COUNTER[event.type]] += 1;
    if (event.at > summary.at) summary.at = event.at;
    return true;
  }
}
