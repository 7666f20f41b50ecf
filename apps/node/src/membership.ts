import {
  CourseRegisterResponseSchema,
  HeartbeatResponseSchema,
  PROTOCOL_VERSION,
  RegisterResponseSchema,
  type HeartbeatResponse,
  type RegisterRequest,
} from '@peerscope/protocol';
import { postJson, postTarget, type Logger } from '@peerscope/server-kit';
import { request, type Dispatcher } from 'undici';
import { CoursePeers } from './course-peers.js';
import type { Identity } from './identity.js';
import type { PeerBook } from './peer-book.js';
import type { ListVersion } from './peer-list.js';

export interface MembershipOptions {
  bootstrapUrl: string;
  identity: Identity;
  controlToken: string;
  peers: PeerBook;
  logger: Logger;
  /** The node's one HTTP client: it reaches only the allowed networks. */
  agent: Dispatcher;
  /** Called after every successful registration with a peerscope bootstrap (the first, and after a bootstrap restart). */
  onRegistered: (id: string) => void;
  /** With the course's own bootstrap: how often to register again and ask the peers for their lists. */
  courseRefreshMs: number;
}

const BACKOFF_START_MS = 200;
/** A bootstrap taking a thousand joins at once answers late, not never: a retry would only add to its queue. */
const REGISTER_TIMEOUT_MS = 5_000;
/** A register answer lists every node (~150 bytes each): room for the largest registry and then some. */
const ANSWER_LIMIT_BYTES = 16 * 1024 * 1024;
const BACKOFF_CAP_MS = 5_000;
/**
 * How many intervals a heartbeat may wait for its answer. A busy bootstrap answers late; giving up
 * after one interval dropped the kept-alive connection and opened another for the next beat, so a
 * slow second turned into a storm of new connections (a full accept queue, every beat late, nodes
 * declared dead by the hundred while a thousand joined on a busy machine). The next beat waits for
 * this one, so a slow bootstrap slows the beats instead.
 */
const HEARTBEAT_PATIENCE = 4;
/**
 * A heartbeat refused at the door (nothing listens: the bootstrap is down or restarting) is tried
 * again this soon, so the node is back within a moment of the bootstrap; a refused connection
 * costs it nothing. A heartbeat that timed out waits the usual interval: that bootstrap is busy.
 */
const REFUSED_RETRY_MS = 250;

/**
 * Joins through the bootstrap and stays joined: registers with capped exponential backoff
 * until it answers, heartbeats at the rate it asks for, and registers again when the bootstrap
 * has forgotten this node (it restarted). The course's own bootstrap has no heartbeats: there
 * the node keeps its membership the course's way (see `followCourse`).
 */
export class Membership {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private heartbeatMs = 1_000;
  /**
   * The overlay version this node's neighbours are at; undefined until a bootstrap that versions
   * its lists answers (then heartbeats carry the full list). The peer list's version is the list's own.
   */
  private overlayVersion: number | undefined;
  /** Set once a course bootstrap has answered: the peer list kept the course's way. */
  private course: CoursePeers | undefined;

  constructor(private readonly options: MembershipOptions) {}

  start(): void {
    void this.register(BACKOFF_START_MS);
  }

  /** Stops heartbeating and says goodbye, waiting at most `timeoutMs` for the bootstrap. */
  async leave(timeoutMs = 1_000): Promise<void> {
    this.halt();
    const { id } = this.options.identity;
    // The course's bootstrap has no goodbye: it keeps every node it was ever told of.
    if (!id || this.course) return;
    const goodbye = request(new URL(`nodes/${encodeURIComponent(id)}`, this.options.bootstrapUrl.replace(/\/*$/, '/')), {
      method: 'DELETE',
      dispatcher: this.options.agent,
      headers: { authorization: `Bearer ${this.options.controlToken}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await goodbye.then((response) => response.body.dump()).catch(() => undefined);
  }

  /** Stops heartbeating without a goodbye (a crash). */
  halt(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async register(backoffMs: number): Promise<void> {
    if (this.stopped) return;
    const { list } = this.options.peers;
    // The nodes sharing this list register a few at a time (see PeerList.registrationTurn).
    const done = await list.registrationTurn();
    try {
      if (!this.stopped) await this.registerHolding(list.held, backoffMs);
    } finally {
      done();
    }
  }

  private async registerHolding(holds: ListVersion | undefined, backoffMs: number): Promise<void> {
    const { identity, controlToken, logger } = this.options;
    // `peer` is what the course's bootstrap reads; ours reads `url` (the same address).
    const body: RegisterRequest = {
      peer: identity.url,
      url: identity.url,
      controlToken,
      protocol: PROTOCOL_VERSION,
      ...(identity.id && { id: identity.id }),
      ...(holds && { holds }),
    };
    try {
      const { status, json } = await this.call('register', body, REGISTER_TIMEOUT_MS);
      if (status !== 200) throw new Error(`bootstrap answered ${status}: ${JSON.stringify(json)}`);
      if (isCourseAnswer(json)) return await this.followCourse(json);
      this.course = undefined;
      const registered = RegisterResponseSchema.parse(json);
      identity.id = registered.id;
      this.heartbeatMs = registered.heartbeatMs;
      this.takeList(registered, registered.neighbours ?? null);
      logger.info({ id: registered.id, listed: this.options.peers.list.byId.size }, 'registered');
      this.options.onRegistered(registered.id);
      this.schedule(() => this.heartbeat(), this.heartbeatMs);
    } catch (err) {
      const jitter = Math.random() * backoffMs * 0.2;
      logger.warn({ err: (err as Error).message, retryInMs: Math.round(backoffMs) }, 'registration failed, retrying');
      this.schedule(() => this.register(Math.min(backoffMs * 2, BACKOFF_CAP_MS)), backoffMs + jitter);
    }
  }

  /**
   * A course bootstrap answered (no `heartbeatMs`): it has no heartbeat route (a 404 there would
   * read as "forgotten, register again", in a loop) and gives no ids, so the node keeps its url as
   * its identity and follows the course's way: it registers again every `courseRefreshMs` and
   * merges its peers' own lists into the bootstrap's.
   */
  private async followCourse(answer: unknown): Promise<void> {
    const { identity, logger, courseRefreshMs } = this.options;
    const { peers } = CourseRegisterResponseSchema.parse(answer);
    if (!this.course) {
      this.course = new CoursePeers(this.options);
      this.overlayVersion = undefined;
      logger.warn(
        { bootstrap: this.options.bootstrapUrl, refreshMs: courseRefreshMs },
        "the bootstrap speaks only the course's API (no heartbeats): keeping membership the course's way, registering again and asking peers for their lists",
      );
    }
    await this.course.refresh(peers, identity.url);
    this.schedule(() => this.register(BACKOFF_START_MS), courseRefreshMs);
  }

  private async heartbeat(): Promise<void> {
    const { identity, logger } = this.options;
    try {
      const { status, json } = await this.call(
        `nodes/${encodeURIComponent(identity.id!)}/heartbeat${this.heldQuery()}`,
        undefined,
        this.heartbeatMs * HEARTBEAT_PATIENCE,
      );
      if (status === 404 || status === 401) {
        logger.info({ status }, 'the bootstrap no longer knows this node; registering again');
        return void this.register(BACKOFF_START_MS);
      }
      if (status === 200) {
        const answer = HeartbeatResponseSchema.parse(json);
        if (answer.heartbeatMs !== undefined) this.heartbeatMs = answer.heartbeatMs;
        // A full mesh is `null`; left out, the neighbours have not changed (or, unversioned, there are none: a full mesh too).
        this.takeList(answer, answer.neighbours === undefined ? (this.overlayVersion === undefined ? null : undefined) : answer.neighbours);
      }
    } catch (err) {
      logger.debug({ err: (err as Error).message }, 'heartbeat failed');
      if (isRefused(err)) return this.schedule(() => this.heartbeat(), Math.min(REFUSED_RETRY_MS, this.heartbeatMs));
    }
    this.schedule(() => this.heartbeat(), this.heartbeatMs);
  }

  /**
   * Takes the list an answer carries: the full list, the changes since what the node's list held,
   * or nothing (it is current); and the node's neighbours when given (`undefined`: unchanged).
   */
  private takeList(answer: ListAnswer, neighbours: readonly string[] | null | undefined): void {
    const { identity, peers } = this.options;
    const at = answer.epoch !== undefined && answer.version !== undefined ? { epoch: answer.epoch, version: answer.version } : undefined;
    if (answer.nodes) peers.replacePeers(answer.nodes, identity.id, at);
    else if (answer.changes) peers.apply(answer.changes, identity.id, at);
    if (neighbours !== undefined) peers.setNeighbours(neighbours, identity.id);
    this.overlayVersion = at ? answer.overlayVersion : undefined;
  }

  /** What the node holds, for its heartbeat to ask only for what moved since. */
  private heldQuery(): string {
    const held = this.options.peers.list.held;
    if (!held || this.overlayVersion === undefined) return '';
    return `?epoch=${encodeURIComponent(held.epoch)}&version=${held.version}&overlayVersion=${this.overlayVersion}`;
  }

  private schedule(task: () => Promise<void>, delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void task(), delayMs);
  }

  /** A registration or a heartbeat: one dispatch, one timer (this runs once a second for every node). */
  private async call(path: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown }> {
    const outcome = await postJson(this.options.agent, postTarget(this.options.bootstrapUrl, path), body === undefined ? '' : JSON.stringify(body), {
      timeoutMs,
      headers: { authorization: `Bearer ${this.options.controlToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      answerLimitBytes: ANSWER_LIMIT_BYTES,
    });
    if ('error' in outcome) throw outcome.error;
    return { status: outcome.statusCode, json: outcome.text ? (JSON.parse(outcome.text) as unknown) : undefined };
  }
}

/** The parts of a register or heartbeat answer that carry the peer list. */
type ListAnswer = Pick<HeartbeatResponse, 'nodes' | 'changes' | 'epoch' | 'version' | 'overlayVersion'>;

/** A register answer without peerscope's own fields is the course's bootstrap's `{"status","peers"}`. */
function isCourseAnswer(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !('heartbeatMs' in json);
}

/** A connection refused (ECONNREFUSED), however undici wraps it. */
function isRefused(err: unknown): boolean {
  for (let cause = err as { code?: unknown; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.code === 'ECONNREFUSED') return true;
  }
  return false;
}
