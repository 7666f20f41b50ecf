import { opensMessageExchange, type ReportedEvent } from '@peerscope/protocol';
import { FlushSchedule } from '@peerscope/server-kit/flush-schedule';

/**
 * How a reporter paces its flushes (see FlushSchedule): one per `flushMs` on average, and a quiet
 * reporter may flush twice at once.
 */
export const FLUSH_BURST = 2;

/**
 * How long an event that opens a message's exchange waits for the one that closes it: a
 * `message:sent` for its `message:delivered` or `message:failed` (which the page animates), a few
 * milliseconds later on the same node. Both then go in one flush, so a message costs one flush, and
 * the outcome never waits for a window its send opened. One frame of the page: a send whose
 * outcome is slower shows no later than that.
 */
export const FLUSH_HOLD_MS = 16;

/**
 * Whether `event` waits (up to FLUSH_HOLD_MS) for its exchange's closing event rather than going
 * at once. A receipt waits only where the sender reports too (`bothEnds`: a host may hold both
 * ends of a message); on its own it has nothing to wait for.
 */
function opensExchange(event: ReportedEvent, bothEnds: boolean): boolean {
  return opensMessageExchange(event.type) && (bothEnds || event.type === 'message:sent');
}

/** A reporter's flush schedule: each event arranges the flush it needs, held for its outcome or as soon as a token allows. */
export class ReporterSchedule extends FlushSchedule {
  constructor(
    flush: () => boolean,
    flushMs: number,
    holdMs: number,
    /** The reporter speaks for both ends of a message (a pool host's). */
    private readonly bothEnds: boolean,
  ) {
    super(flush, { intervalMs: flushMs, burst: FLUSH_BURST, holdMs });
  }

  take(event: ReportedEvent): void {
    if (opensExchange(event, this.bothEnds)) this.hold();
    else this.request();
  }
}
