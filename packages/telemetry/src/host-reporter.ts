import type { Ack, HostReportedEvent, ReportedEvent } from '@peerscope/protocol';
import { FLUSH_HOLD_MS, ReporterSchedule } from './flush-pace.js';
import { ingestSocket } from './ingest-socket.js';
import { MessageBudget } from './message-budget.js';
import { CLOSE_WAIT_MS, DEFAULT_MESSAGE_EVENTS_PER_SECOND, disabledReporter, waitFor, type TelemetryReporter } from './reporter.js';
import { ReportOutbox } from './report-outbox.js';

export interface HostReporterOptions {
  /** The dashboard's base url; without one, reporting is off and every node's reporter costs nothing. */
  hubUrl?: string;
  /** The host's id, as the bootstrap derived its credential and its nodes' tickets for. */
  hostId: string;
  /** `hostCredential(clusterToken, hostId)`, from the bootstrap: the host never holds the cluster token. */
  credential: string;
  /** Events kept for the whole host while the hub is away, and again as many sent and not yet acknowledged; the oldest are dropped past this. */
  maxBuffered?: number;
  /** At most one send per this many milliseconds on average, as `ReporterOptions.flushMs`. */
  flushMs?: number;
  /** How long a message's opening events wait for its outcome to go in the same flush (FLUSH_HOLD_MS). */
  flushHoldMs?: number;
  /** Per node, as `ReporterOptions.maxMessageEventsPerSecond`. */
  maxMessageEventsPerSecond?: number;
  /** Called when the hub refuses a node's ticket; that node's events are then dropped here. */
  onClaimRefused?: (nodeId: string, error: { code: string; message: string }) => void;
}

export interface HostReporter {
  /** The reporter of one node on this host; its events go out stamped with `nodeId` once its ticket is claimed. */
  forNode(nodeId: string, ticket: string): TelemetryReporter;
  /** Drops a node's reporter without sending what it had not sent yet, as a crash loses it. */
  release(nodeId: string): void;
  readonly connected: boolean;
  /** Events dropped because the host's buffer was full, over all its nodes. */
  readonly dropped: number;
  /** Sends what is buffered if connected, then disconnects; every node's reporter goes quiet. */
  close(): Promise<void>;
}

interface NodeEntry {
  readonly id: string;
  ticket: string;
  readonly budget: MessageBudget;
  claim: 'pending' | 'accepted' | 'refused';
  dropped: number;
  released: boolean;
  reporter: TelemetryReporter;
}

/**
 * One `/ingest` connection for every node of a host process: a thousand nodes would otherwise
 * hold a thousand websockets. Each node proves itself with its ticket (`telemetry:claim`, again
 * after every reconnect), and each event carries its node's id in `source`. The hot path stays
 * what one node's reporter costs: `emit` appends to the host's one queue, and one timer sends it.
 */
export function createHostReporter(options: HostReporterOptions): HostReporter {
  if (!options.hubUrl) return disabledHostReporter;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const flushMs = options.flushMs ?? 25;
  const perSecond = options.maxMessageEventsPerSecond ?? DEFAULT_MESSAGE_EVENTS_PER_SECOND;
  const nodes = new Map<string, NodeEntry>();
  const queue: HostReportedEvent[] = [];
  // Only the nodes whose budgets counted something since the last flush are drained.
  const summarising = new Set<NodeEntry>();
  let dropped = 0;
  let closed = false;

  const socket = ingestSocket(options.hubUrl, { host: options.hostId, credential: options.credential });
  const outbox = new ReportOutbox(socket, maxBuffered);

  const flush = () => {
    if (!socket.connected) return false;
    for (const entry of summarising) {
      for (const summary of entry.budget.drain()) queue.push(stamp(summary, entry.id));
    }
    summarising.clear();
    if (queue.length === 0) return false;
    outbox.send(queue.splice(0));
    return true;
  };
  // Both ends of a message may be on this host: its receipt waits for the outcome too.
  const schedule = new ReporterSchedule(flush, flushMs, options.flushHoldMs ?? FLUSH_HOLD_MS, true);
  const scheduleFlush = (event: ReportedEvent) => {
    if (socket.connected) schedule.take(event);
  };

  // Claims are sent only while connected (Socket.IO would otherwise buffer them and send them
  // again beside the claims every connect sends); packets keep their order, so the hub holds the
  // claim before it reads the reports that follow it, without waiting for the answer.
  const claim = (entry: NodeEntry) => {
    entry.claim = 'pending';
    if (!socket.connected) return;
    const { ticket } = entry;
    socket.emit('telemetry:claim', { node: entry.id, ticket }, (answer: Ack<{ node: string }>) => {
      if (entry.released || entry.ticket !== ticket) return;
      entry.claim = answer.ok ? 'accepted' : 'refused';
      if (!answer.ok) options.onClaimRefused?.(entry.id, answer.error);
    });
  };
  // Claims first, then what the hub had not acknowledged (a hub that died before saving lost it),
  // then what waited: the hub reads them in that order. A released node's resent events are dropped there.
  socket.on('connect', () => {
    for (const entry of nodes.values()) claim(entry);
    outbox.resend();
    schedule.run();
  });

  /** Takes a node's queued events out, unsent. */
  const purge = (id: string) => {
    let kept = 0;
    for (const event of queue) if (event.source !== id) queue[kept++] = event;
    queue.length = kept;
  };
  const forget = (entry: NodeEntry) => {
    entry.released = true;
    nodes.delete(entry.id);
    summarising.delete(entry);
    if (socket.connected) socket.emit('telemetry:release', { node: entry.id });
  };

  const nodeReporter = (entry: NodeEntry): TelemetryReporter => ({
    emit(event) {
      if (entry.released || entry.claim === 'refused') return;
      event.at ??= Date.now();
      if (!entry.budget.admit(event as ReportedEvent)) {
        summarising.add(entry);
        scheduleFlush(event as ReportedEvent);
        return;
      }
      queue.push(stamp(event as ReportedEvent, entry.id));
      if (queue.length > maxBuffered) {
        const lost = queue.shift()!;
        dropped += 1;
        const owner = nodes.get(lost.source);
        if (owner) owner.dropped += 1;
      }
      scheduleFlush(event as ReportedEvent);
    },
    get dropped() {
      return entry.dropped;
    },
    get connected() {
      return socket.connected && !entry.released && entry.claim === 'accepted';
    },
    async close() {
      if (entry.released) return;
      // What is queued goes now, before the release that follows it on the same connection;
      // with the hub away it could never be claimed again, so it is dropped instead.
      if (socket.connected) schedule.run();
      else purge(entry.id);
      forget(entry);
    },
    discard() {
      // A crashed node's unsent events die with it, as they would with its process.
      if (entry.released) return;
      purge(entry.id);
      forget(entry);
    },
  });

  return {
    forNode(nodeId, ticket) {
      if (closed) return disabledReporter;
      const held = nodes.get(nodeId);
      if (held) {
        // The same node asked for again (a restart the host did not release): same reporter, new ticket.
        if (held.ticket !== ticket) {
          held.ticket = ticket;
          claim(held);
        }
        return held.reporter;
      }
      const entry: NodeEntry = {
        id: nodeId,
        ticket,
        budget: new MessageBudget(perSecond),
        claim: 'pending',
        dropped: 0,
        released: false,
        reporter: disabledReporter,
      };
      entry.reporter = nodeReporter(entry);
      nodes.set(nodeId, entry);
      claim(entry);
      return entry.reporter;
    },
    release(nodeId) {
      const entry = nodes.get(nodeId);
      entry?.reporter.discard();
    },
    get connected() {
      return socket.connected;
    },
    get dropped() {
      return dropped + outbox.dropped;
    },
    async close() {
      if (closed) return;
      closed = true;
      schedule.run();
      for (const entry of nodes.values()) entry.released = true;
      nodes.clear();
      summarising.clear();
      // Wait a little for the hub to acknowledge the last reports (it saves before it answers).
      await waitFor(() => !socket.connected || outbox.pending === 0, CLOSE_WAIT_MS);
      socket.disconnect();
    },
  };
}

/** Marks an event as `nodeId`'s, in place: the reporter owns what was emitted (see `TelemetryReporter.emit`). */
function stamp(event: ReportedEvent, nodeId: string): HostReportedEvent {
  (event as HostReportedEvent).source = nodeId;
  return event as HostReportedEvent;
}

/** A host reporter that reports nothing, for when no hub is configured. */
export const disabledHostReporter: HostReporter = {
  forNode: () => disabledReporter,
  release() {},
  connected: false,
  dropped: 0,
  async close() {},
};
