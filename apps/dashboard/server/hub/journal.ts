import type { Delta, TelemetryEvent } from '@peerscope/protocol';

/**
 * The last deltas, so a browser that reconnects can get exactly what it missed: at most `capacity`
 * of them and at most about `maxBytes` of them (a message's text can be 16 KB, so a count alone
 * would not bound it); past either, the oldest goes. A browser that missed more gets a snapshot.
 */
export class Journal {
  private readonly entries: Array<{ delta: Delta; bytes: number }> = [];
  /** Index of the oldest entry held; entries before it are dropped and compacted away now and then. */
  private start = 0;
  private bytes = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  append(delta: Delta): void {
    const bytes = approxBytes(delta.event);
    this.entries.push({ delta, bytes });
    this.bytes += bytes;
    while (this.size > this.capacity || (this.bytes > this.maxBytes && this.size > 1)) this.bytes -= this.entries[this.start++]!.bytes;
    if (this.start > 1_024 && this.start * 2 > this.entries.length) {
      this.entries.splice(0, this.start);
      this.start = 0;
    }
  }

  get size(): number {
    return this.entries.length - this.start;
  }

  /** About how many bytes the deltas held take as JSON. */
  get heldBytes(): number {
    return this.bytes;
  }

  /** Every delta after `seq`, or undefined when some of them are no longer held. */
  since(seq: number, current: number): Delta[] | undefined {
    if (seq === current) return [];
    if (seq > current) return undefined;
    const oldest = this.entries[this.start]?.delta.seq;
    if (oldest === undefined || seq + 1 < oldest) return undefined;
    return this.entries.slice(this.start + seq + 1 - oldest).map((e) => e.delta);
  }
}

/**
 * About the size of an event as JSON, cheaply: message events (nearly all of them) by their
 * strings, the rare others by their JSON.
 */
function approxBytes(event: TelemetryEvent): number {
  if (event.type.startsWith('message')) {
    const e = event as { from: string; to: string; text?: string };
    return 240 + e.from.length + e.to.length + (e.text?.length ?? 0);
  }
  return JSON.stringify(event).length;
}
