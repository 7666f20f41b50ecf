import { randomBytes } from 'node:crypto';
import type { PeerEntry, PeerListChanges } from '@peerscope/protocol';

const byId = new Intl.Collator('en', { numeric: true });

/** A change to the peer list: the entry as it is now, or undefined when it left the list. */
interface LoggedChange {
  id: string;
  entry: PeerEntry | undefined;
}

/** How many changes the log keeps at least (and twice the list's size when that is more); a node further behind gets the full list. */
export const DEFAULT_LOG_LIMIT = 4_096;

/** What a node holding `since` needs: nothing, the changes since, or (too far behind) the full list. */
export type PeerListAnswer = { kind: 'current' } | { kind: 'changes'; changes: PeerListChanges; json: string } | { kind: 'full'; json: string };

/**
 * The peer list (every entry that is not dead) with a version that moves on each change, and a
 * bounded log of the changes, so a heartbeat answer carries only what moved since the version the
 * node holds. The epoch names this log: a version from another bootstrap run means nothing here.
 * The sorted list is kept in place; answers are built once per version and shared by every node
 * that asks.
 *
 * Versions are published at most once per `publishMs` (the first change after a quiet spell at
 * once). While two thousand nodes join, the list changes every millisecond: answers built per
 * change were built for a handful of heartbeats each, every node's "changes since" computed anew
 * for nearly every heartbeat. An answer may carry changes made after the version it names; a node
 * applies them again with the next answer, which changes nothing (the newest state of each id wins).
 */
export class PeerListLog {
  readonly epoch = randomBytes(6).toString('base64url');
  /** Changes recorded; answers name `published`, which catches up at most once per `publishMs`. */
  private current = 0;
  private published = 0;
  private publishedAt = -Infinity;
  private readonly live = new Map<string, PeerEntry>();
  /** Changes `first + 1` … `current`, in order: `log[i]` made version `first + 1 + i`. */
  private log: LoggedChange[] = [];
  private first = 0;
  private readonly sortedList: PeerEntry[] = [];
  private fullJsonCache: string | undefined;
  private urlsJsonCache: string | undefined;
  /** Answers for the current version, by the version asked from (most nodes hold the same one). */
  private answers = new Map<number, PeerListAnswer>();

  constructor(
    private readonly limit = DEFAULT_LOG_LIMIT,
    private readonly publishMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The version answers name now. */
  get version(): number {
    this.publishWhenDue();
    return this.published;
  }

  get size(): number {
    return this.live.size;
  }

  /**
   * The entry joins the list or changes in it; unchanged entries do not move the version. Every
   * entry on the list is listed `alive`: a suspect is still in the network, and its suspicion is
   * the bootstrap's business, not news for every peer (at 1,000 nodes, passing each one on made
   * a slow moment's suspicions into a thousand heartbeat answers' worth of work, and more suspicions).
   */
  upsert(entry: PeerEntry): void {
    const held = this.live.get(entry.id);
    if (held && held.url === entry.url && held.kind === entry.kind) return;
    const copy: PeerEntry = { id: entry.id, url: entry.url, kind: entry.kind, status: 'alive' };
    this.live.set(entry.id, copy);
    this.placeSorted(copy, held !== undefined);
    this.record({ id: entry.id, entry: copy });
  }

  /** The entry leaves the list (dead, left, forgotten). */
  remove(id: string): void {
    if (!this.live.delete(id)) return;
    this.sortedList.splice(this.indexOf(id), 1);
    this.record({ id, entry: undefined });
  }

  /** Every entry on the list, in id order (`node2` before `node10`). */
  sorted(): readonly PeerEntry[] {
    return this.sortedList;
  }

  /** Keeps the sorted list in place: a binary search and one splice, never a sort. */
  private placeSorted(entry: PeerEntry, held: boolean): void {
    const index = this.indexOf(entry.id);
    if (held) this.sortedList[index] = entry;
    else this.sortedList.splice(index, 0, entry);
  }

  /** Where `id` is (or would go) in the sorted list. */
  private indexOf(id: string): number {
    let low = 0;
    let high = this.sortedList.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (byId.compare(this.sortedList[middle]!.id, id) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The full list as JSON, built once per version. */
  fullJson(): string {
    this.fullJsonCache ??= JSON.stringify(this.sorted());
    return this.fullJsonCache;
  }

  /** The list's urls as JSON (the course's `peers`), built once per version. */
  urlsJson(): string {
    this.urlsJsonCache ??= JSON.stringify(this.sorted().map((entry) => entry.url));
    return this.urlsJsonCache;
  }

  /** What a node that holds `since` of `epoch` must be told to hold the current version. */
  since(epoch: string, since: number): PeerListAnswer {
    this.publishWhenDue();
    if (epoch !== this.epoch || since > this.published || since < this.first) return { kind: 'full', json: this.fullJson() };
    if (since === this.published) return { kind: 'current' };
    let answer = this.answers.get(since);
    if (!answer) {
      answer = this.changesSince(since);
      this.answers.set(since, answer);
    }
    return answer;
  }

  /** The net changes after `since` (the last change of each id wins), or the full list when that is no smaller. */
  private changesSince(since: number): PeerListAnswer {
    const net = new Map<string, PeerEntry | undefined>();
    for (let i = since - this.first; i < this.log.length; i++) net.set(this.log[i]!.id, this.log[i]!.entry);
    if (net.size >= this.live.size) return { kind: 'full', json: this.fullJson() };
    const changes: PeerListChanges = { upserts: [], removed: [] };
    for (const [id, entry] of net) {
      if (entry) changes.upserts.push(entry);
      else changes.removed.push(id);
    }
    return { kind: 'changes', changes, json: JSON.stringify(changes) };
  }

  private record(change: LoggedChange): void {
    this.current++;
    this.log.push(change);
    // The log keeps at least twice as many changes as the list has entries: at 10,000 nodes joining,
    // 4,096 changes were a few seconds' worth, and every node further behind got the whole list
    // (a megabyte each; 12,000 such answers stalled the join at 4,000 nodes).
    const keep = Math.max(this.limit, 2 * this.live.size);
    // Dropping in halves keeps trimming amortised O(1) per change.
    if (this.log.length > 2 * keep) {
      const drop = this.log.length - keep;
      this.log = this.log.slice(drop);
      this.first += drop;
    }
    this.publishWhenDue();
  }

  /** Publishes the changes recorded, unless a version was published less than `publishMs` ago. */
  private publishWhenDue(): void {
    if (this.current === this.published) return;
    const now = this.now();
    if (now - this.publishedAt < this.publishMs) return;
    this.published = this.current;
    this.publishedAt = now;
    this.fullJsonCache = undefined;
    this.urlsJsonCache = undefined;
    this.answers.clear();
  }
}
