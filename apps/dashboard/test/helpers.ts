import { createServer } from 'node:http';
import { afterEach } from 'node:test';
import {
  encodeReports,
  type ClaimAnswer,
  INGEST_NAMESPACE,
  UI_NAMESPACE,
  type Delta,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  type NetworkSnapshot,
  type ReportedEvent,
  type TelemetryEvent,
  type UiClientToServerEvents,
  type UiServerToClientEvents,
} from '@peerscope/protocol';
import { createLogger, hostCredential, reportTicket } from '@peerscope/server-kit';
import { Server, type ServerOptions } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { NetworkView } from '@peerscope/network-view';
import { createHub, MAX_SOCKET_PACKET_BYTES, type Hub, type HubOptions } from '../server/hub/hub.js';
export { SHOWN_TEXT_LENGTH } from '../server/hub/hub.js';
// The event builders live with the picture's own tests; the hub's tests send the same events.
export * from '../../../packages/network-view/test/fixtures.js';

export const CLUSTER_TOKEN = 'dashboard-test-cluster-token';

// ---- a hub on a real Socket.IO server --------------------------------------------------------

export interface HubServer {
  url: string;
  io: Server;
  hub: Hub;
  close(): Promise<void>;
}

/** createHub on a real http + Socket.IO server on a free port of 127.0.0.1. */
export async function startHub(options: Partial<HubOptions> = {}, serverOptions: Partial<ServerOptions> = {}): Promise<HubServer> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES, ...serverOptions });
  const hub = createHub(io, { clusterToken: CLUSTER_TOKEN, logger: createLogger('test', 'silent'), ...options });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    hub,
    async close() {
      hub.close();
      // io.close() closes the http server too.
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}

export type UiSocket = Socket<UiServerToClientEvents, UiClientToServerEvents>;
export type IngestSocket = Socket<IngestServerToClientEvents, IngestClientToServerEvents>;

/** Resolves once the socket is connected; rejects with the server's refusal. */
function connected<S extends Socket<any, any>>(socket: S): Promise<S> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err: Error) => {
      socket.close();
      reject(err);
    });
  });
}

/** A reporter on `/ingest` with the given handshake auth. */
export function connectIngest(url: string, auth: Record<string, unknown> = { token: CLUSTER_TOKEN, source: 'test' }): Promise<IngestSocket> {
  const socket: IngestSocket = connect(url + INGEST_NAMESPACE, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
  return connected(socket);
}

/** A host process's connection on `/ingest`: its id and credential (by default the right one). */
export function connectHost(url: string, host: string, credential = hostCredential(CLUSTER_TOKEN, host)): Promise<IngestSocket> {
  return connectIngest(url, { host, credential });
}

/** Claims `node` on a host connection (by default with the right ticket) and resolves with the hub's answer. */
export function claim(socket: IngestSocket, host: string, node: string, ticket = reportTicket(CLUSTER_TOKEN, host, node)): Promise<ClaimAnswer> {
  return socket.timeout(5_000).emitWithAck('telemetry:claim', { node, ticket });
}

/** Reports events the way the reporter does: encoded, in as many reports as the protocol's limits need. */
export function sendReports(socket: IngestSocket, events: readonly ReportedEvent[]): void {
  for (const report of encodeReports(events)) socket.emit('telemetry:report', report);
}

/** Events as the hub applies them when they came on a connection whose `source` is `source`. */
export function reportedBy<E extends TelemetryEvent>(source: string, events: readonly E[]): E[] {
  return events.map((event) => ({ ...event, source }));
}

export interface Batch {
  at: number;
  deltas: Delta[];
}

/**
 * A browser on `/ui`: it records every snapshot and batch exactly as they arrive (for checks on
 * the wire), and keeps a picture the way the real client does (lib/network-client.ts): a snapshot
 * replaces it, deltas it already applied are skipped.
 */
export class Browser {
  readonly socket: UiSocket;
  readonly snapshots: NetworkSnapshot[] = [];
  readonly batches: Batch[] = [];
  view: NetworkView | undefined;
  epoch: string | undefined;
  seq = 0;
  /** Every delta applied to `view`, in order. */
  readonly applied: Delta[] = [];
  /** Gaps seen (the real client would subscribe again): there should be none. */
  readonly gaps: string[] = [];

  constructor(url: string) {
    this.socket = connect(url + UI_NAMESPACE, { transports: ['websocket'], forceNew: true, reconnection: false, autoConnect: false });
    this.socket.on('network:snapshot', (snapshot) => {
      this.snapshots.push(snapshot);
      this.view = NetworkView.fromSnapshot(snapshot);
      this.epoch = snapshot.epoch;
      this.seq = snapshot.seq;
    });
    this.socket.on('network:deltas', (deltas) => {
      this.batches.push({ at: performance.now(), deltas });
      for (const delta of deltas) {
        if (!this.view || delta.seq <= this.seq) continue;
        if (delta.seq !== this.seq + 1) {
          this.gaps.push(`got ${delta.seq} after ${this.seq}`);
          return;
        }
        this.view.apply(delta.event);
        this.applied.push(delta);
        this.seq = delta.seq;
      }
    });
  }

  static async open(url: string): Promise<Browser> {
    const browser = new Browser(url);
    await browser.connect();
    return browser;
  }

  connect(): Promise<UiSocket> {
    this.socket.connect();
    return connected(this.socket);
  }

  subscribe(request: { epoch?: string; since?: number } = {}) {
    return this.socket.timeout(5_000).emitWithAck('network:subscribe', request);
  }

  /** Subscribes again with what this browser has applied, as the real client does on reconnect. */
  resume() {
    return this.subscribe({ epoch: this.epoch, since: this.seq });
  }

  /** Every delta received on the wire, in arrival order (duplicates kept). */
  received(): Delta[] {
    return this.batches.flatMap((b) => b.deltas);
  }

  close(): void {
    this.socket.close();
  }
}

/** Opens things and closes them all after each test, whatever happened. */
export function cleanup() {
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return <T>(thing: T, close: (thing: T) => unknown): T => {
    closers.push(() => close(thing));
    return thing;
  };
}
