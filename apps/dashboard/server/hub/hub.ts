import { randomUUID } from 'node:crypto';
import {
  INGEST_NAMESPACE,
  decodeReport,
  MAX_REPORT_BYTES,
  ReportStampSchema,
  type ReportAnswer,
  opensMessageExchange,
  SubscribeRequestSchema,
  UI_NAMESPACE,
  type Delta,
  type NetworkSnapshot,
  type IngestClientToServerEvents,
  type IngestServerToClientEvents,
  type TelemetryEvent,
  type UiClientToServerEvents,
  type UiServerToClientEvents,
} from '@peerscope/protocol';
import { Checkpointer, TokenBucket, type Logger } from '@peerscope/server-kit';
import { FlushSchedule } from '@peerscope/server-kit/flush-schedule';
import type { Namespace, Server } from 'socket.io';
import { NetworkView } from '@peerscope/network-view';
import { BATCH_BURST, BATCH_HOLD_MS, BATCH_TRAIL_MS } from './batch-pace.js';
import { BootstrapPresence } from './bootstrap-presence.js';
import { limitConnectionBacklog, MAX_CONNECTION_BACKLOG_BYTES } from './connection-backlog.js';
import { limitUnjoinedConnections, MAX_UNJOINED_CONNECTIONS } from './unjoined-connections.js';
import { serveHostConnection } from './host-connection.js';
import type { HubCheckpoint, HubState } from './hub-state.js';
import { authenticateIngest, type IngestReporter } from './ingest-auth.js';
import { Journal } from './journal.js';
import { ReportLedger } from './report-ledger.js';
import { SendLedger } from './send-ledger.js';
import type { TraceSink } from '../trace/trace-recorder.js';

/**
 * Socket.IO's `maxHttpBufferSize` for the hub's server: every report fits (reporters keep them
 * within MAX_REPORT_BYTES, and a larger one is refused whole); a far larger packet closes its connection.
 */
export const MAX_SOCKET_PACKET_BYTES = 2 * MAX_REPORT_BYTES;

/**
 * How much of a message's text the picture keeps (the log shows one line of it): a node takes
 * 16 KB texts from anyone, and the journal, every browser and every snapshot would carry them.
 */
export const SHOWN_TEXT_LENGTH = 1_024;

/**
 * Subscribes one browser connection may make: each may cost a whole picture (1,000 nodes, 500
 * messages). A page asks on connecting and again after a gap; a loop asking all the time would
 * spend the hub's CPU on pictures.
 */
const SUBSCRIBES_PER_S = 1;
const SUBSCRIBE_BURST = 10;

export interface HubOptions {
  clusterToken: string;
  logger: Logger;
  /** Each browser gets at most one batch per this many milliseconds on average (see batch-pace.ts). */
  batchMs?: number;
  /** How long a message's opening events wait for its outcome to go in the same batch (BATCH_HOLD_MS). */
  batchHoldMs?: number;
  /** How long a receipt that came after its message's outcome waits for the next batch (BATCH_TRAIL_MS). */
  batchTrailMs?: number;
  /** Deltas kept for browsers that reconnect (at most this many, and at most journalBytes of them). */
  journalSize?: number;
  journalBytes?: number;
  /** Recent sends remembered to verify receipts by. */
  sendLedgerSize?: number;
  /** Called when the bootstrap (re)connects, so the hub can re-read its registry. */
  onBootstrapConnected?: () => void;
  /**
   * Where the picture and the report ledger are saved: the hub starts from what was restored, and
   * acknowledges a report only once a checkpoint holding it is on disk. Without it, reports are
   * acknowledged as soon as they are applied (nothing survives a restart).
   */
  state?: HubState;
  /** Told of every event the hub records, once the picture has it (the metrics' counters). */
  onRecorded?: (event: TelemetryEvent) => void;
  /** Records every stamped event (server/trace/): made once with the hub's epoch and its picture, then given each batch. */
  trace?: (epoch: string, picture: () => NetworkSnapshot) => TraceSink;
  /** Browsers get their first picture once this settles: a restored picture is checked against the registry first. */
  snapshotsAfter?: Promise<void>;
  /** A connection with more unsent bytes than this is closed (MAX_CONNECTION_BACKLOG_BYTES; see connection-backlog.ts). */
  maxBacklogBytes?: number;
  /** Connections kept that have not joined a namespace (MAX_UNJOINED_CONNECTIONS; see unjoined-connections.ts). */
  maxUnjoined?: number;
}

export interface Hub {
  readonly view: NetworkView;
  readonly epoch: string;
  readonly seq: number;
  /** Applies an event the hub itself derived (from the bootstrap's registry), like any reported one. */
  record(event: TelemetryEvent): void;
  /** `rejected`: reports refused whole, plus events a host sent for nodes it had not claimed; `duplicates`: reports sent again that it already had. */
  stats(): { ingested: number; rejected: number; duplicates: number; batches: number };
  /** Saves what is pending and stops; `clear` empties the state log instead (a clean stop: the next start begins anew). */
  close(options?: { clear?: boolean }): Promise<void>;
}

/** Takes a stamped report once: drops one the ledger has, applies the others, answers once saved. */
export type ReportIntake = (reporter: string, report: unknown, stamp: unknown, ack: unknown, apply: (report: unknown) => void) => void;

const LIVE_ROOM = 'live';

/**
 * The Socket.IO hub: `/ingest` takes reports from the bootstrap and nodes (cluster token) and from
 * node hosts (a host credential, then a ticket per node),
 * `/ui` serves browsers a snapshot, then numbered deltas in batches.
 */
export function createHub(io: Server, options: HubOptions): Hub {
  const { logger, batchMs = 50 } = options;
  const epoch = randomUUID().slice(0, 8);
  const restored = options.state?.restored;
  const view = restored ? NetworkView.fromSnapshot(restored.picture) : new NetworkView();
  const ledger = new ReportLedger(restored?.reports);
  const checkpoints = options.state
    ? new Checkpointer<HubCheckpoint>(
        options.state.log,
        () => ({ picture: view.snapshot('', 0), reports: ledger.entries() }),
        100,
        (err) => logger.error({ err: err.message }, 'could not save the hub state; will try again'),
      )
    : undefined;
  const journal = new Journal(options.journalSize ?? 20_000, options.journalBytes);
  const sends = new SendLedger(options.sendLedgerSize);
  let seq = 0;
  let pending: Delta[] = [];
  const stats = { ingested: 0, rejected: 0, duplicates: 0, batches: 0 };
  const trace = options.trace?.(epoch, () => view.snapshot(epoch, seq));
  limitConnectionBacklog(io, options.maxBacklogBytes ?? MAX_CONNECTION_BACKLOG_BYTES);
  limitUnjoinedConnections(io, [UI_NAMESPACE, INGEST_NAMESPACE], options.maxUnjoined ?? MAX_UNJOINED_CONNECTIONS);

  // Socket.IO types events per server, not per namespace; each namespace gets its own map here.
  const ui = io.of(UI_NAMESPACE) as unknown as Namespace<UiClientToServerEvents, UiServerToClientEvents>;
  const ingest = io.of(INGEST_NAMESPACE) as unknown as Namespace<IngestClientToServerEvents, IngestServerToClientEvents, object, { reporter: IngestReporter }>;

  const flush = () => {
    if (pending.length === 0) return false;
    ui.to(LIVE_ROOM).emit('network:deltas', pending);
    trace?.append(pending);
    pending = [];
    stats.batches += 1;
    return true;
  };
  const batches = new FlushSchedule(flush, {
    intervalMs: batchMs,
    burst: BATCH_BURST,
    holdMs: options.batchHoldMs ?? BATCH_HOLD_MS,
    trailMs: options.batchTrailMs ?? BATCH_TRAIL_MS,
  });

  const record = (event: TelemetryEvent) => {
    seq += 1;
    const delta = { seq, event };
    const trailing = arrivesAfterOutcome(view, event);
    view.apply(event);
    options.onRecorded?.(event);
    void checkpoints?.saved();
    journal.append(delta);
    pending.push(delta);
    if (trailing) batches.trail();
    else if (opensMessageExchange(event.type)) batches.hold();
    else batches.request();
  };

  const presence = new BootstrapPresence(view, (event) => record(event));
  presence.start();

  const ingestEvents = (events: TelemetryEvent[]) => {
    stats.ingested += events.length;
    for (const event of events) {
      // The bootstrap's presence is the hub's own fact: no reporter may claim it.
      if (event.type === 'bootstrap:status-changed') stats.rejected += 1;
      else record(vet(event, sends));
    }
  };

  // Set once the hub begins to stop: what arrives then would be answered without being saved.
  let closing = false;
  const intake: ReportIntake = (reporter, report, stamp, ack, apply) => {
    // Left unanswered, a report is sent again to the hub that comes next (which restores what was saved).
    if (closing) return;
    const answer = typeof ack === 'function' ? (ack as (answer: ReportAnswer) => void) : undefined;
    const stamped = ReportStampSchema.safeParse(stamp);
    if (!stamped.success) {
      apply(report);
      return;
    }
    const { seq } = stamped.data;
    const duplicate = ledger.has(reporter, stamped.data);
    if (duplicate) stats.duplicates += 1;
    else {
      apply(report);
      ledger.note(reporter, stamped.data);
    }
    if (!answer) return;
    // A copy is answered when the first one is on disk, not before: the reporter forgets what is answered.
    if (checkpoints) void checkpoints.saved().then(() => answer({ ok: true, data: { seq } }));
    else answer({ ok: true, data: { seq } });
  };

  ingest.use((socket, next) => {
    const auth = authenticateIngest(socket.handshake.auth, options.clusterToken);
    if (!auth.ok) return next(new Error(auth.reason));
    socket.data.reporter = auth.reporter;
    next();
  });
  ingest.on('connection', (socket) => {
    const reporter = socket.data.reporter;
    if (reporter.kind === 'host') {
      serveHostConnection(socket, reporter.host, {
        clusterToken: options.clusterToken,
        logger,
        accept: ingestEvents,
        reject: (count) => (stats.rejected += count),
        intake,
      });
      return;
    }
    const { source } = reporter;
    logger.debug({ source }, 'reporter connected');
    if (source === 'bootstrap') {
      presence.connected();
      socket.on('disconnect', () => presence.disconnected());
      options.onBootstrapConnected?.();
    }
    socket.on('telemetry:report', (report, stamp, ack) =>
      intake(source, report, stamp, ack, (report) => {
        const decoded = decodeReport(report, source);
        if (!decoded.ok) {
          stats.rejected += 1;
          logger.warn({ source, issue: decoded.reason }, 'rejected a malformed report');
          return;
        }
        ingestEvents(decoded.events);
      }),
    );
  });

  // A picture restored from disk may show nodes as they were before the crash (dead since restarted,
  // say): until the registry has been read (or the wait has run out), subscribers wait for it.
  let snapshotsHeld = options.snapshotsAfter !== undefined;
  void options.snapshotsAfter?.finally(() => (snapshotsHeld = false));

  ui.on('connection', (socket) => {
    const subscribes = new TokenBucket(SUBSCRIBES_PER_S, SUBSCRIBE_BURST);
    // Types do not bind a client: the acknowledgement is whatever callback came last, the request
    // (if any) what came first, so a subscribe with no request or extra arguments is still answered.
    socket.on('network:subscribe', (...args: unknown[]) => {
      const wait = subscribes.take();
      if (wait > 0) {
        const ack = args.at(-1);
        if (typeof ack === 'function')
          ack({ ok: false, error: { code: 'rate_limited', message: `too many subscribes on this connection; try again in ${wait} s` } });
        return;
      }
      if (snapshotsHeld) void options.snapshotsAfter!.finally(() => subscribe(args));
      else subscribe(args);
    });
    const subscribe = (args: unknown[]) => {
      const ack = args.at(-1);
      // A socket gone while it waited must not join the live room.
      if (typeof ack !== 'function' || socket.disconnected) return;
      const parsed = SubscribeRequestSchema.safeParse(args.length > 1 ? args[0] : {});
      if (!parsed.success) {
        ack({ ok: false, error: { code: 'invalid_body', message: parsed.error.issues[0]?.message ?? 'invalid request' } });
        return;
      }
      const { epoch: theirs, since } = parsed.data;
      // The batch still waiting goes out now, to those already live: this socket's snapshot or
      // resume covers it, and once the socket has joined, that batch must not bring it twice.
      void socket.leave(LIVE_ROOM);
      batches.run();
      const missed = theirs === epoch && since !== undefined ? journal.since(since, seq) : undefined;
      if (missed) {
        if (missed.length > 0) socket.emit('network:deltas', missed);
        ack({ ok: true, data: { mode: 'resume', epoch, seq } });
      } else {
        socket.emit('network:snapshot', view.snapshot(epoch, seq));
        ack({ ok: true, data: { mode: 'snapshot', epoch, seq } });
      }
      void socket.join(LIVE_ROOM);
    };
  });

  return {
    view,
    epoch,
    get seq() {
      return seq;
    },
    record,
    stats: () => ({ ...stats }),
    async close(options) {
      closing = true;
      batches.stop();
      presence.close();
      flush();
      await trace?.close();
      await checkpoints?.close(options);
    },
  };
}

/**
 * What the hub adds to a reported message event before the picture takes it: the text cut to
 * what is shown, and on a receipt whether its sender reported the send (whatever the report said).
 */
function vet(event: TelemetryEvent, sends: SendLedger): TelemetryEvent {
  if (event.type === 'message:sent' || event.type === 'message:received') {
    if (event.text.length > SHOWN_TEXT_LENGTH) event.text = `${event.text.slice(0, SHOWN_TEXT_LENGTH)}…`;
    if (event.type === 'message:sent') sends.noteSent(event);
    else if (sends.confirms(event)) delete event.unverified;
    else event.unverified = true;
  }
  return event;
}

/** A receipt whose message's outcome the picture already has: the page animated it; the receipt can ride with the next batch. */
function arrivesAfterOutcome(view: NetworkView, event: TelemetryEvent): boolean {
  if (event.type !== 'message:received') return false;
  const status = view.messages.get(event.id)?.status;
  return status === 'delivered' || status === 'failed';
}
