import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Agent, Dispatcher } from 'undici';

type Dispatch = Dispatcher.DispatchHandler;

/**
 * The node's HTTP clients with a gate in front: closed, every request it is asked to make
 * (heartbeats, registrations, messages, gossip hops) waits, as it would in a process under
 * SIGSTOP, and leaves at the opening; a timeout that passed meanwhile then ends it at once.
 *
 * The node has its own client (the bootstrap, and everything when it runs alone). A pool host
 * may give its nodes one more, `shared`, for their messages to each other: random traffic between
 * a thousand nodes rarely comes back to the same peer from the same node while a connection is
 * kept alive, but from a host of 250 nodes it does, so the connection is warm instead of opened
 * (and later closed) for nearly every message. Every message is still its own HTTP request over
 * TCP to the peer's own port; which socket carries it is all that is shared. A crash destroys
 * what this node has in flight on it (each such request's socket) and leaves the host's idle
 * sockets to the other nodes.
 */
export class OutboundGate {
  /** For the bootstrap (registration, heartbeats, goodbye) and the course's peers. */
  readonly dispatcher: Dispatcher;
  /** For messages and gossip hops to peers: the shared client when there is one. */
  readonly peerDispatcher: Dispatcher;
  private held: Array<() => void> = [];
  private closed = false;
  /** Resolved at the next opening, for those that wait for it (see `opening`). */
  private nextOpening: { promise: Promise<void>; resolve: () => void } | undefined;
  private crashed = false;
  /** This node's requests under way on the shared client, so that a crash can end them. */
  private readonly inFlight = new Set<InFlightRequest>();

  constructor(
    private readonly own: Agent,
    shared?: Agent,
  ) {
    this.dispatcher = own.compose((dispatch) => (options, handler) => this.whenOpen(() => dispatch(options, handler)));
    this.peerDispatcher = shared
      ? shared.compose((dispatch) => (options, handler) => this.whenOpen(() => this.sendTracked(dispatch, options, handler)))
      : this.dispatcher;
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    const held = this.held;
    this.held = [];
    for (const send of held) send();
    const opening = this.nextOpening;
    this.nextOpening = undefined;
    opening?.resolve();
  }

  /** Whether requests leave now (false while the node is paused). */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Resolves when requests leave again: at once while open, else at the next opening (a resume, or a crash). */
  opening(): Promise<void> {
    if (!this.closed) return Promise.resolve();
    if (!this.nextOpening) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.nextOpening = { promise, resolve };
    }
    return this.nextOpening.promise;
  }

  /**
   * Destroys every connection this node has at once, without a goodbye (a crash). Requests still
   * waiting are let through to the destroyed client (or, on the shared one, failed here), which
   * fails each of them.
   */
  async destroy(): Promise<void> {
    this.crashed = true;
    const destroyed = this.own.destroy();
    this.open();
    for (const request of this.inFlight) request.abort(new Error('the node crashed'));
    return destroyed;
  }

  /** After a graceful stop: the node's own client closes once its requests end; a shared one stays for the other nodes. */
  release(): Promise<void> {
    return this.own.close();
  }

  private whenOpen(send: () => boolean): boolean {
    if (!this.closed) return send();
    this.held.push(send);
    return true;
  }

  private sendTracked(dispatch: Dispatcher['dispatch'], options: Dispatcher.DispatchOptions, handler: Dispatch): boolean {
    const request = new InFlightRequest(handler, this.inFlight);
    if (!this.crashed) return dispatch(options, request);
    request.abort(new Error('the node crashed'));
    return true;
  }
}

/**
 * One request on a shared client, known to its node until it ends so that the node's crash can
 * abort it. It passes everything on to the caller's handler (undici hands interceptors handlers
 * of its current shape, so these six calls are all there is).
 */
class InFlightRequest implements Dispatch {
  private controller: Dispatcher.DispatchController | undefined;
  private abortedWith: Error | undefined;

  constructor(
    private readonly handler: Dispatch,
    private readonly inFlight: Set<InFlightRequest>,
  ) {
    inFlight.add(this);
  }

  /** Ends the request now: under way, undici destroys its socket; not yet started, it fails at its start. */
  abort(error: Error): void {
    this.abortedWith = error;
    if (this.controller) return this.controller.abort(error);
    // Not started yet: it fails now, and its start, if undici still makes it, is aborted.
    this.onResponseError(undefined as never, error);
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.controller = controller;
    if (this.abortedWith) return controller.abort(this.abortedWith);
    this.handler.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.handler.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.handler.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.inFlight.delete(this);
    this.handler.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    if (!this.inFlight.delete(this)) return;
    this.handler.onResponseError?.(controller, error);
  }
}
