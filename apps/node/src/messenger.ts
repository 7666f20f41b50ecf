import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorBodySchema, type ControlSendRequest, type PeerEntry, type SendFailureCode, type SendResult } from '@peerscope/protocol';
import type { EventInput } from '@peerscope/telemetry';
import { postJson, PostTargets, type PostTarget } from '@peerscope/server-kit';
import { errors, type Dispatcher } from 'undici';
import { isLost, linkDelayMs, type Faults } from './faults.js';
import { withMarks, type MessageTags } from './event-marks.js';
import { displayId, type Identity } from './identity.js';
import type { LamportClock } from './lamport-clock.js';
import type { PeerBook } from './peer-book.js';
import type { OutboundGate } from './outbound-gate.js';
import type { NoTurn, Release, SendTurns } from './pool/send-turns.js';

export interface MessengerOptions {
  identity: Identity;
  peers: PeerBook;
  faults: Faults;
  report: (event: EventInput) => void;
  /** The node's Lamport clock: each send, and each outcome, ticks it; a send carries it. */
  clock: LamportClock;
  timeoutMs: number;
  /** The node's one HTTP client: it reaches only the allowed networks. */
  agent: Dispatcher;
  /** Turns to send, when the node shares its host with others (pool runtime): a message leaves on its turn. */
  turns?: SendTurns;
  /** The node's outbound gate, closed while it is paused: a turn is taken only while it is open. */
  gate?: Pick<OutboundGate, 'isOpen' | 'opening'>;
}

type Failure = { code: SendFailureCode; message: string };

/** One message about to leave: `toId` is the peer's id for the wire, when `to` names a peer that has one. */
interface Outgoing {
  id: string;
  to: string;
  url: string | undefined;
  toId: string | undefined;
  text: string;
  tags: MessageTags;
}

/**
 * Sends messages to peers over kept-alive connections and reports each outcome. Faults are
 * applied here, in the sender's own networking layer: a cut link fails `partitioned` without a
 * network call, a faulty link waits its latency and may lose the message.
 */
export class Messenger {
  // Ends the waits of messages held on a slow link, or for a turn, when the node stops.
  private readonly closing = new AbortController();
  /** `<peer url>/message`, split once per peer (a full mesh of 1,000 nodes needs 1,000). */
  private readonly targets = new PostTargets(4_096);

  constructor(private readonly options: MessengerOptions) {
    // Every waiting message listens for the stop: hundreds at once is normal, not a leak.
    setMaxListeners(0, this.closing.signal);
  }

  /** A send the bootstrap asked for: `to` is a peer id or url. */
  send(command: ControlSendRequest): Promise<SendResult> {
    const peer = this.options.peers.find(command.to);
    const to = peer?.id ?? command.to;
    return this.deliver({ id: command.id ?? randomUUID(), to, url: command.toUrl ?? peer?.url, toId: wireIdOf(peer), text: command.text, tags: NO_TAGS });
  }

  /** One message to a known peer, with its own id; a broadcast copy or a gossip hop says so in `tags`. */
  sendTo(peer: PeerEntry, text: string, tags: MessageTags): Promise<SendResult> {
    return this.deliver({ id: randomUUID(), to: peer.id, url: peer.url, toId: wireIdOf(peer), text, tags });
  }

  private async deliver({ id, to, url, toId, text, tags }: Outgoing): Promise<SendResult> {
    const { identity, report, clock, timeoutMs, faults } = this.options;
    const from = displayId(identity);
    const started = performance.now();
    const finish = (failure: Failure | undefined): SendResult => {
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      if (failure) {
        report(withMarks({ type: 'message:failed', id, from, to, latencyMs, error: failure, lamport: clock.tick() }, tags));
        return { id, from, to, status: 'failed', error: failure, latencyMs };
      }
      report(withMarks({ type: 'message:delivered', id, from, to, latencyMs, lamport: clock.tick() }, tags));
      return { id, from, to, status: 'delivered', latencyMs };
    };

    if (url === undefined) return finish({ code: 'peer_unknown', message: `${to} is not a known peer` });
    const lamport = clock.tick();
    report(withMarks({ type: 'message:sent', id, from, to, text, lamport }, tags));
    if (faults.active) {
      const failure = await this.applyFaults(to);
      if (failure) return finish(failure);
    }
    let release: Release | undefined;
    if (this.options.turns) {
      const turn = this.takeTurn(this.options.turns);
      const taken = turn instanceof Promise ? await turn : turn;
      if (typeof taken !== 'function') return finish(noTurn(taken, this.options.turns.maxWaitMs));
      release = taken;
    }
    // Built as one literal with the optional fields added after it: V8 keeps it on its fast path.
    const body: WireMessage = { sender: from, msg: text, id };
    if (identity.id) body.from = identity.id;
    if (toId !== undefined) body.to = toId;
    body.sentAt = Date.now();
    body.lamport = lamport;
    if (tags.broadcastId !== undefined) body.broadcastId = tags.broadcastId;
    if (tags.gossip !== undefined) body.gossip = tags.gossip;
    const failure = await this.post(url, to, JSON.stringify(body), timeoutMs);
    release?.();
    return finish(failure);
  }

  /**
   * A turn to send, held only while the node's requests leave: at once in the usual case (not
   * paused, a turn free), else a promise. A paused node's message would keep its turn at the
   * closed gate until its timeout, and the host's other nodes would wait behind it; so it waits
   * for the resume first, and one granted a turn while paused gives it back and waits again. The
   * time paused does not count towards the wait for a turn. (A pause comes from I/O, so none can
   * land between a turn found open here and the request's dispatch.)
   */
  private takeTurn(turns: SendTurns): Release | Promise<Release | NoTurn> {
    const { gate } = this.options;
    if (gate && !gate.isOpen) return gate.opening().then(() => (this.closing.signal.aborted ? 'stopped' : this.takeTurn(turns)));
    const turn = turns.take(this.closing.signal);
    if (!(turn instanceof Promise) || !gate) return turn;
    return turn.then((taken) => (typeof taken !== 'function' || gate.isOpen ? taken : (taken(), this.takeTurn(turns))));
  }

  /** Holds the message for the link's latency; resolves with why it goes no further, if it does not. */
  private async applyFaults(to: string): Promise<Failure | undefined> {
    const { faults } = this.options;
    if (faults.isBlockedTo(to)) return { code: 'partitioned', message: `${to} is across a partition from this node` };
    const link = faults.linkTo(to);
    if (!link) return undefined;
    const delayMs = linkDelayMs(link);
    if (delayMs > 0) {
      try {
        await sleep(delayMs, undefined, { signal: this.closing.signal });
      } catch {
        return { code: 'peer_unreachable', message: 'this node stopped while the message waited on its link' };
      }
    }
    if (isLost(link)) return { code: 'lost', message: `lost on the link to ${to} (${link.lossPct}% loss)` };
    return undefined;
  }

  /** POSTs one message; resolves with why it failed, or undefined when the peer acknowledged it. */
  private async post(url: string, to: string, body: string, timeoutMs: number): Promise<Failure | undefined> {
    let target: PostTarget;
    try {
      // A url that does not parse fails the send as unreachable.
      target = this.targets.of(url, 'message');
    } catch (err) {
      return classify(err, timeoutMs);
    }
    const outcome = await postJson(this.options.agent, target, body, {
      headers: JSON_HEADERS,
      timeoutMs,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    if ('error' in outcome) return classify(outcome.error, timeoutMs);
    const { statusCode, text } = outcome;
    if (statusCode >= 200 && statusCode < 300) return undefined;
    if (statusCode === 503 && errorCode(text) === 'partitioned') {
      return { code: 'partitioned', message: `${to} refused it: this node is across a partition from it` };
    }
    return { code: 'peer_error', message: `peer answered ${statusCode}: ${text.slice(0, 200)}` };
  }

  close(): void {
    this.closing.abort();
  }
}

const NO_TAGS: MessageTags = Object.freeze({});

/** The id a message's `to` carries: a peer known only by its url (on the course's own bootstrap) has none to give. */
const wireIdOf = (peer: PeerEntry | undefined): string | undefined => (peer && peer.id !== peer.url ? peer.id : undefined);
const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json' });

/** What `POST /message` carries from a peerscope node (IncomingMessageSchema on the other side). */
interface WireMessage extends MessageTags {
  sender: string;
  msg: string;
  id: string;
  from?: string;
  to?: string;
  sentAt?: number;
  lamport?: number;
}

/** Why a message that got no turn to send failed. */
function noTurn(why: NoTurn, maxWaitMs: number): Failure {
  return why === 'waited'
    ? { code: 'timeout', message: `no turn to send within ${maxWaitMs} ms: this node's host has more under way than it can send` }
    : { code: 'peer_unreachable', message: 'this node stopped while the message waited its turn to send' };
}

/** The `error.code` of an error answer, if it is one. */
function errorCode(text: string): string | undefined {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error.code : undefined;
  } catch {
    return undefined;
  }
}

function classify(err: unknown, timeoutMs: number): Failure {
  const isTimeout =
    err instanceof errors.HeadersTimeoutError ||
    err instanceof errors.BodyTimeoutError ||
    err instanceof errors.ConnectTimeoutError ||
    (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'));
  if (isTimeout) return { code: 'timeout', message: `no answer within ${timeoutMs} ms` };
  const code = (err as NodeJS.ErrnoException)?.code;
  return { code: 'peer_unreachable', message: code ? `${code}: ${(err as Error).message}` : String(err) };
}
