import { CoursePeersResponseSchema, ListedUrlSchema, type PeerEntry } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import { request, type Dispatcher } from 'undici';
import type { PeerBook } from './peer-book.js';

export interface CoursePeersOptions {
  peers: PeerBook;
  logger: Logger;
  /** The node's one HTTP client: it reaches only the allowed networks. */
  agent: Dispatcher;
}

/** Peers asked for their own lists each round: a course network is a handful of nodes, and this bounds a large one. */
const POLLED_PER_ROUND = 8;
const POLL_TIMEOUT_MS = 1_000;
/** A peer's list is a few urls; past this its answer is not read. */
const POLL_ANSWER_LIMIT_BYTES = 1024 * 1024;
/** A url only other peers named is forgotten after this many rounds in which nobody named it. */
const FORGET_AFTER_ROUNDS = 3;
/** The most urls kept: lists come from outside, so they are bounded here. */
const MAX_PEERS = 10_000;

/**
 * The peer list kept the course's way, for a bootstrap that has no heartbeats and no ids: the
 * urls the bootstrap lists (it never forgets one, nor does this), merged with those the peers'
 * own `GET /peers` name. A peer is known by its url, which is its id here, as course nodes do.
 */
export class CoursePeers {
  /** Every url known, with the round it was last named in. */
  private readonly heard = new Map<string, number>();
  private round = 0;

  constructor(private readonly options: CoursePeersOptions) {}

  /** One round: takes the bootstrap's list, asks some peers for theirs, and puts the merge in the peer book. */
  async refresh(bootstrapList: readonly unknown[], selfUrl: string): Promise<void> {
    this.round += 1;
    const self = withoutSlash(selfUrl);
    this.hear(bootstrapList, self, Infinity);
    const answers = await Promise.all(pick([...this.heard.keys()], POLLED_PER_ROUND).map((url) => this.peersOf(url)));
    for (const named of answers) this.hear(named, self, this.round);
    for (const [url, round] of this.heard) if (this.round - round >= FORGET_AFTER_ROUNDS) this.heard.delete(url);
    this.options.peers.replacePeers([...this.heard.keys()].map(entryOf), self);
  }

  /** Marks the valid urls of a list as named in `round` (Infinity: by the bootstrap, never forgotten). */
  private hear(list: readonly unknown[], self: string, round: number): void {
    for (const item of list) {
      const parsed = ListedUrlSchema.safeParse(item);
      if (!parsed.success) continue;
      const url = withoutSlash(parsed.data);
      if (url === self || (this.heard.get(url) ?? 0) >= round) continue;
      if (this.heard.size >= MAX_PEERS && !this.heard.has(url)) continue;
      this.heard.set(url, round);
    }
  }

  /** A peer's `GET /peers` list; none when it has no such route (a course node may not), or does not answer. */
  private async peersOf(url: string): Promise<readonly unknown[]> {
    try {
      const answer = await request(`${url}/peers`, { dispatcher: this.options.agent, signal: AbortSignal.timeout(POLL_TIMEOUT_MS) });
      const text = await readLimited(answer.body);
      if (answer.statusCode !== 200 || text === undefined) return [];
      const parsed = CoursePeersResponseSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.peers : [];
    } catch (err) {
      this.options.logger.debug({ peer: url, err: (err as Error).message }, 'could not read the peer list of a peer');
      return [];
    }
  }
}

const entryOf = (url: string): PeerEntry => ({ id: url, url, kind: 'classic', status: 'alive' });

const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/** Up to `count` of `items`, at random. */
function pick<T>(items: T[], count: number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items.slice(0, count);
}

/** The body as text, or undefined (and the rest dropped) when it is longer than the limit. */
async function readLimited(body: Dispatcher.ResponseData['body']): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > POLL_ANSWER_LIMIT_BYTES) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
