import type { Delta } from '@peerscope/protocol';

/** Events that only change how links look; anything else (a node joining, a fault, a status) is written at once. */
const PACEABLE = new Set<string>(['message:sent', 'message:received', 'message:delivered', 'message:failed', 'messages:summarised']);

/**
 * Holds what traffic does to the drawn links (new links, heat, failure marks) until the graph's
 * next sweep, which writes it with the sweep's own cooling in one redraw. Each write repaints
 * Cytoscape's node layer (every node and link): written every frame, it kept the page repainting
 * 1,000 nodes every frame while only the messages moved (the messages themselves are animated the
 * frame they arrive, in their own layer). Deltas that change more than traffic's look go at once,
 * with whatever waited before them, in arrival order. Nothing is dropped but by `drop()`.
 */
export class PacedDeltas {
  private held: Delta[] = [];

  constructor(private readonly write: (deltas: Delta[]) => void) {}

  /** Holds `deltas`, or writes them (and what was held) now when one of them is more than traffic. */
  push(deltas: readonly Delta[]): void {
    let urgent = false;
    for (const delta of deltas) {
      this.held.push(delta);
      if (!PACEABLE.has(delta.event.type)) urgent = true;
    }
    if (urgent) this.flush();
  }

  /** Writes what is held. */
  flush(): void {
    if (this.held.length === 0) return;
    const deltas = this.held;
    this.held = [];
    this.write(deltas);
  }

  /** Forgets what is held (the graph is drawn afresh from a picture that includes it, or goes away). */
  drop(): void {
    this.held = [];
  }

  get waiting(): number {
    return this.held.length;
  }
}
