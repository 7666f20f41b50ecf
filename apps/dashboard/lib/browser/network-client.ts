import type { Delta, NetworkSnapshot, UiClientToServerEvents, UiServerToClientEvents } from '@peerscope/protocol';
import { UI_NAMESPACE } from '@peerscope/protocol/limits';
import { io, type Socket } from 'socket.io-client';
import { NetworkView } from '@peerscope/network-view';
import { markLoad } from './load-marks';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export type NetworkUpdate = { kind: 'snapshot'; snapshot: NetworkSnapshot } | { kind: 'deltas'; deltas: Delta[] };

/** Who feeds the picture: the hub (`live`), or a trace being replayed or travelled in (`trace`, through show()). */
export type PictureSource = 'live' | 'trace';

/**
 * The browser's end of the hub: a snapshot, then deltas applied strictly in sequence order.
 * Deltas already applied are skipped (a snapshot may overlap a batch in flight); a gap makes the
 * client ask again for what came after its last number, so nothing is lost or shown twice.
 */
export class NetworkClient {
  view: NetworkView | undefined;
  connection: ConnectionState = 'connecting';
  source: PictureSource = 'live';
  private epoch: string | undefined;
  private seq = 0;
  /** Made on the first connect(): building a client (during render, on the server too) opens nothing. */
  private socket: Socket<UiServerToClientEvents, UiClientToServerEvents> | undefined;
  private closed = false;
  private readonly listeners = new Set<(update: NetworkUpdate) => void>();
  private readonly stateListeners = new Set<() => void>();
  /** Message outcomes per second, over the last few seconds. */
  private readonly outcomes: Array<{ at: number; count: number }> = [];
  /** What came from the hub while held (see hold()), in order. */
  private held: Array<() => void> | undefined;

  constructor(private readonly url = UI_NAMESPACE) {}

  /** Opens the connection to the hub (again, after close()); returns close, for an effect's cleanup. */
  connect(): () => void {
    this.closed = false;
    this.socket ??= this.openSocket();
    this.socket.connect();
    return () => this.close();
  }

  /**
   * Keeps what the hub sends, unapplied, until release(): the page connects before React has
   * hydrated its server-rendered HTML (drawn without a picture), and a picture present during
   * hydration would not match it.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Applies what was held, in order, and what comes from now on. */
  release(): void {
    const held = this.held;
    this.held = undefined;
    for (const apply of held ?? []) apply();
  }

  get lastSeq(): number {
    return this.seq;
  }

  onUpdate(listener: (update: NetworkUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnectionChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Delivered and failed messages per second over the last 5 s. */
  messagesPerSecond(now = Date.now()): number {
    while (this.outcomes.length > 0 && this.outcomes[0]!.at < now - 5_000) this.outcomes.shift();
    return this.outcomes.reduce((sum, o) => sum + o.count, 0) / 5;
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }

  /**
   * Shows a trace's picture instead of the hub's (lib/browser/trace-player.ts): updates go to the
   * same listeners the hub's do, so every panel draws what it drew live. The hub's are ignored meanwhile.
   */
  show(update: NetworkUpdate): void {
    if (this.source !== 'trace') {
      this.source = 'trace';
      this.notifyState();
    }
    if (update.kind === 'snapshot') {
      this.view = NetworkView.fromSnapshot(update.snapshot);
      this.seq = update.snapshot.seq;
    } else {
      if (!this.view || update.deltas.length === 0) return;
      for (const { event } of update.deltas) this.view.apply(event);
      this.seq = update.deltas.at(-1)!.seq;
    }
    this.emit(update);
  }

  /** Back to the hub's picture: a fresh snapshot, then its deltas. */
  backToLive(): void {
    if (this.source === 'live') return;
    this.source = 'live';
    this.epoch = undefined;
    this.notifyState();
    if (this.socket?.connected) this.subscribe();
  }

  private openSocket(): Socket<UiServerToClientEvents, UiClientToServerEvents> {
    // A restarted dashboard is back within a second or two: try soon and often, so the page is live again at once.
    const socket: Socket<UiServerToClientEvents, UiClientToServerEvents> = io(this.url, {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1_000,
    });
    socket.on('connect', () => {
      markLoad('socket-open');
      this.subscribe();
    });
    // A refusal by the server's middleware (a hub still starting up) ends Socket.IO's own retries: try
    // again, unless the page closed this client meanwhile.
    socket.on('connect_error', () => {
      if (!socket.active) setTimeout(() => !this.closed && socket.connect(), 1_000);
    });
    socket.on('disconnect', () => this.setConnection('reconnecting'));
    socket.on('network:snapshot', (snapshot) => {
      markLoad('snapshot-received');
      this.unlessHeld(() => this.onSnapshot(snapshot));
    });
    socket.on('network:deltas', (deltas) => this.unlessHeld(() => this.onDeltas(deltas)));
    return socket;
  }

  private unlessHeld(apply: () => void): void {
    if (this.held) this.held.push(apply);
    else apply();
  }

  private subscribe(): void {
    const resume = this.view && this.epoch ? { epoch: this.epoch, since: this.seq } : {};
    this.socket?.emit('network:subscribe', resume, (answer) => {
      if (answer.ok) this.setConnection('live');
    });
  }

  private onSnapshot(snapshot: NetworkSnapshot): void {
    if (this.source === 'trace') return;
    markLoad('snapshot');
    this.view = NetworkView.fromSnapshot(snapshot);
    markLoad('view');
    this.epoch = snapshot.epoch;
    this.seq = snapshot.seq;
    this.emit({ kind: 'snapshot', snapshot });
  }

  private onDeltas(deltas: Delta[]): void {
    if (!this.view || this.source === 'trace') return;
    const fresh = deltas.filter((d) => d.seq > this.seq);
    if (fresh.length === 0) return;
    if (fresh[0]!.seq !== this.seq + 1) {
      this.subscribe();
      return;
    }
    let outcomes = 0;
    for (const { event } of fresh) {
      this.view.apply(event);
      if (event.type === 'message:delivered' || event.type === 'message:failed') outcomes += 1;
      else if (event.type === 'messages:summarised') outcomes += event.delivered + event.failed;
    }
    this.seq = fresh.at(-1)!.seq;
    if (outcomes > 0) this.outcomes.push({ at: Date.now(), count: outcomes });
    this.emit({ kind: 'deltas', deltas: fresh });
  }

  private emit(update: NetworkUpdate): void {
    for (const listener of this.listeners) listener(update);
  }

  private setConnection(state: ConnectionState): void {
    this.connection = state;
    this.notifyState();
  }

  private notifyState(): void {
    for (const listener of this.stateListeners) listener();
  }
}
