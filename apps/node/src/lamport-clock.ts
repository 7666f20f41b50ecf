/**
 * A node's Lamport clock. Every event of the node ticks it (a send, a receipt, a send's outcome),
 * and a receipt first catches up with the clock the message carried: max(local, carried) + 1. So
 * whatever the wall clocks say, a send's time is always below its receipt's, and a node's own
 * events are strictly increasing. One clock per node: nodes sharing a process keep their own.
 */
export class LamportClock {
  private time = 0;

  /** The clock's value now (the time of the node's last event). */
  get now(): number {
    return this.time;
  }

  /** A local event (a send, an outcome): the clock moves on by one; returns the event's time. */
  tick(): number {
    this.time = advance(this.time);
    return this.time;
  }

  /** A receipt of a message stamped `carried` (none from a course node): returns the receipt's time. */
  receive(carried: number | undefined): number {
    if (carried !== undefined && carried > this.time) this.time = carried;
    return this.tick();
  }
}

/**
 * One step on. The protocol bounds a carried clock by Number.MAX_SAFE_INTEGER, so an absurd value
 * from a hostile sender saturates the clock there (it stops ordering, but stays a safe integer).
 */
const advance = (time: number) => (time < Number.MAX_SAFE_INTEGER ? time + 1 : time);
