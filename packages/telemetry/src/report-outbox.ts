import { randomUUID } from 'node:crypto';
import { encodeReportBatches, type ReportAnswer, type ReportedEvent, type ReportStamp } from '@peerscope/protocol';
import type { IngestSocket } from './ingest-socket.js';

interface HeldReport {
  stamp: ReportStamp;
  report: Uint8Array;
  events: number;
}

/**
 * Reports sent and not yet acknowledged. The hub acknowledges a report once it has saved it; until
 * then the reporter keeps it, and sends every kept report again, in order, after a reconnect (the
 * hub may have died before saving it). The hub drops those it already has by their stamp, so a
 * resend never counts twice. Bounded: past `maxEvents` held, the oldest reports are forgotten.
 */
export class ReportOutbox {
  /** This reporter's lifetime: a restarted process starts a new stream, numbered from 1 again. */
  readonly stream = randomUUID();
  private nextSeq = 1;
  private readonly held: HeldReport[] = [];
  private heldEvents = 0;
  /** Events forgotten unacknowledged because too many were held. */
  dropped = 0;

  constructor(
    private readonly socket: IngestSocket,
    private readonly maxEvents: number,
  ) {}

  /** Events sent and not yet acknowledged. */
  get pending(): number {
    return this.heldEvents;
  }

  /** Encodes the events as reports, keeps them, and sends them. */
  send(events: readonly ReportedEvent[]): void {
    for (const { report, events: count } of encodeReportBatches(events)) {
      const held = { stamp: { stream: this.stream, seq: this.nextSeq++ }, report, events: count };
      this.held.push(held);
      this.heldEvents += count;
      this.emit(held);
    }
    while (this.heldEvents > this.maxEvents && this.held.length > 1) {
      const oldest = this.held.shift()!;
      this.heldEvents -= oldest.events;
      this.dropped += oldest.events;
    }
  }

  /** After a reconnect: every kept report again, oldest first. */
  resend(): void {
    for (const held of this.held) this.emit(held);
  }

  /** Forgets every kept report (a crash loses them as its process would). */
  clear(): void {
    this.held.length = 0;
    this.heldEvents = 0;
  }

  private emit(held: HeldReport): void {
    // Any answer means the hub is done with it: saved, a duplicate, or refused (sending it again would not help).
    this.socket.emit('telemetry:report', held.report, held.stamp, (_answer: ReportAnswer) => this.acknowledged(held.stamp.seq));
  }

  private acknowledged(seq: number): void {
    while (this.held.length > 0 && this.held[0]!.stamp.seq <= seq) {
      this.heldEvents -= this.held.shift()!.events;
    }
  }
}
