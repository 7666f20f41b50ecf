import {
  DeltaSchema,
  NetworkSnapshotSchema,
  UI_NAMESPACE,
  type Delta,
  type NetworkSnapshot,
  type UiClientToServerEvents,
  type UiServerToClientEvents,
} from '@peerscope/protocol';
import { io, type Socket } from 'socket.io-client';
import { CliError, EXIT } from '../exit-codes.js';

export interface FollowerHandlers {
  /** The hub's whole picture: on the first subscribe, and again when the hub restarted or this follower fell too far behind. */
  snapshot(snapshot: NetworkSnapshot, first: boolean): void;
  /** Each change, once, in sequence order. */
  delta(delta: Delta): void;
  /** A change this command line cannot read (a newer hub): shown as it came, never dropped in silence. */
  unknown(delta: unknown): void;
  /** The connection dropped (`lost`) or is live again (`live`, not said on the first connect). */
  connection(state: 'lost' | 'live'): void;
}

/**
 * Follows the dashboard hub's `/ui` namespace as a browser does (lib/browser/network-client.ts):
 * subscribe, a snapshot, then deltas applied strictly in sequence; a gap or a reconnect asks for
 * what came after the last number. Ends (resolves) on close(); fails when the first connect does.
 */
export class HubFollower {
  private socket: Socket<UiServerToClientEvents, UiClientToServerEvents> | undefined;
  private epoch: string | undefined;
  private seq = 0;
  private live = false;
  private closed = false;
  private end: { resolve: () => void; reject: (err: Error) => void } | undefined;

  constructor(
    private readonly dashboardUrl: string,
    private readonly handlers: FollowerHandlers,
  ) {}

  follow(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.end = { resolve, reject };
      this.socket = this.open();
      this.socket.connect();
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
    this.end?.resolve();
  }

  private open(): Socket<UiServerToClientEvents, UiClientToServerEvents> {
    const socket: Socket<UiServerToClientEvents, UiClientToServerEvents> = io(new URL(UI_NAMESPACE, this.dashboardUrl).href, {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1_000,
    });
    socket.on('connect', () => this.subscribe());
    socket.on('connect_error', (err) => this.onConnectError(socket, err));
    socket.on('disconnect', () => {
      if (this.live && !this.closed) this.handlers.connection('lost');
    });
    socket.on('network:snapshot', (snapshot) => this.onSnapshot(snapshot));
    socket.on('network:deltas', (deltas) => this.onDeltas(deltas));
    return socket;
  }

  private onConnectError(socket: Socket, err: Error): void {
    // Before the first snapshot, a failure is the answer; once live, keep trying as the page does.
    const refused = !socket.active;
    if (this.epoch === undefined) {
      const exit = refused ? EXIT.refused : EXIT.unreachable;
      const why = refused
        ? `the dashboard refused: ${err.message}`
        : `cannot reach the dashboard at ${this.dashboardUrl} (${err.message}); is it running? (npm start), or set --dashboard / PEERSCOPE_DASHBOARD_URL`;
      this.fail(new CliError(why, exit));
    } else if (refused) {
      // A hub still starting refuses in its middleware, which ends Socket.IO's own retries.
      setTimeout(() => !this.closed && socket.connect(), 1_000);
    }
  }

  private subscribe(): void {
    const resume = this.epoch !== undefined ? { epoch: this.epoch, since: this.seq } : {};
    this.socket?.emit('network:subscribe', resume, (answer) => {
      if (!answer.ok) return this.fail(new CliError(`the hub refused the subscription: ${answer.error.code}: ${answer.error.message}`, EXIT.refused));
      if (this.live) this.handlers.connection('live');
      this.live = true;
    });
  }

  private onSnapshot(raw: unknown): void {
    const parsed = NetworkSnapshotSchema.safeParse(raw);
    if (!parsed.success)
      return this.fail(new CliError(`the hub sent a snapshot this command line does not understand (${parsed.error.issues[0]?.message})`, EXIT.unexpected));
    const first = this.epoch === undefined;
    this.epoch = parsed.data.epoch;
    this.seq = parsed.data.seq;
    this.handlers.snapshot(parsed.data, first);
  }

  private onDeltas(deltas: Delta[]): void {
    if (this.epoch === undefined) return;
    const unseen = deltas.filter((delta) => delta.seq > this.seq);
    if (unseen.length === 0) return;
    if (unseen[0]!.seq !== this.seq + 1) {
      this.subscribe();
      return;
    }
    for (const delta of unseen) {
      const parsed = DeltaSchema.safeParse(delta);
      if (parsed.success) this.handlers.delta(parsed.data);
      else this.handlers.unknown(delta);
    }
    this.seq = unseen.at(-1)!.seq;
  }

  private fail(err: Error): void {
    this.closed = true;
    this.socket?.disconnect();
    this.end?.reject(err);
  }
}
