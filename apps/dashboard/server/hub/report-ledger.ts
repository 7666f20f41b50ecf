import type { ReportStamp } from '@peerscope/protocol';

/** One reporter's place: its current stream and the last report of it the hub took. */
export type LedgerEntry = [reporter: string, stream: string, seq: number];

/**
 * The last report the hub took from each reporter (a source, or `host:<id>`), so a report sent
 * again after a reconnect is dropped, not counted twice. Saved with the picture, so it holds
 * across a restart of the hub too. Bounded: past `capacity` reporters the longest quiet is forgotten.
 */
export class ReportLedger {
  private readonly last = new Map<string, { stream: string; seq: number }>();

  constructor(
    entries: readonly LedgerEntry[] = [],
    private readonly capacity = 50_000,
  ) {
    for (const [reporter, stream, seq] of entries) this.last.set(reporter, { stream, seq });
  }

  /** True when the hub already took this report (same stream, a number it has passed). */
  has(reporter: string, stamp: ReportStamp): boolean {
    const last = this.last.get(reporter);
    return last !== undefined && last.stream === stamp.stream && stamp.seq <= last.seq;
  }

  /** Notes a report as taken. A new stream (the reporter restarted) replaces the old one. */
  note(reporter: string, stamp: ReportStamp): void {
    this.last.delete(reporter);
    this.last.set(reporter, { stream: stamp.stream, seq: stamp.seq });
    if (this.last.size > this.capacity) this.last.delete(this.last.keys().next().value!);
  }

  entries(): LedgerEntry[] {
    return [...this.last].map(([reporter, { stream, seq }]) => [reporter, stream, seq]);
  }
}
