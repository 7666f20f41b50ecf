import type { ReportedEvent } from '@peerscope/protocol';
import { FLUSH_HOLD_MS, ReporterSchedule } from './flush-pace.js';
import { ingestSocket } from './ingest-socket.js';
import { MessageBudget } from './message-budget.js';
import { ReportOutbox } from './report-outbox.js';

/** What a reporter emits: an event whose `at` the reporter stamps unless given (the hub stamps `source`). */
export type EventInput = ReportedEvent extends infer E ? (E extends ReportedEvent ? Omit<E, 'at'> & { at?: number } : never) : never;

export interface ReporterOptions {
  /** The dashboard's base url; without one, reporting is off and `emit` costs nothing. */
  hubUrl?: string;
  token: string;
  /** Who reports: `bootstrap` or a node id. */
  source: string;
  /** Events kept while the hub is away, and again as many sent and not yet acknowledged; the oldest are dropped past this. */
  maxBuffered?: number;
  /** At most one send per this many milliseconds on average (see flush-pace.ts); events that come meanwhile wait and go together. */
  flushMs?: number;
  /** How long a `message:sent` waits for its outcome to go in the same flush (FLUSH_HOLD_MS). */
  flushHoldMs?: number;
  /**
   * Message events sent one by one per second; past it, plain message events are counted per link
   * (see message-budget.ts). `Infinity` sends every one.
   */
  maxMessageEventsPerSecond?: number;
}

/** Far above what a person can follow on the graph, far below what costs a node noticeable capacity. */
export const DEFAULT_MESSAGE_EVENTS_PER_SECOND = 2_000;

export interface TelemetryReporter {
  /** Queues the event as it is, without a copy (this is every message's path): do not change it afterwards. */
  emit(event: EventInput): void;
  /** Events dropped because the buffer was full (or too many were waiting for the hub's acknowledgement). */
  readonly dropped: number;
  readonly connected: boolean;
  /** Sends what is buffered if connected, then disconnects. */
  close(): Promise<void>;
  /** Drops what is buffered and disconnects at once: a crashed node sends nothing more. */
  discard(): void;
}

/**
 * Events are telemetry, never control: `emit` only appends to a queue, and a timer sends the
 * queue as one report. While the hub is unreachable the queue is bounded, so a node under load
 * with no dashboard neither slows down nor grows without limit.
 */
export function createTelemetryReporter(options: ReporterOptions): TelemetryReporter {
  if (!options.hubUrl) return disabledReporter;
  const maxBuffered = options.maxBuffered ?? 10_000;
  const flushMs = options.flushMs ?? 25;
  const queue: ReportedEvent[] = [];
  const budget = new MessageBudget(options.maxMessageEventsPerSecond ?? DEFAULT_MESSAGE_EVENTS_PER_SECOND);
  let dropped = 0;

  const socket = ingestSocket(options.hubUrl, { token: options.token, source: options.source });
  const outbox = new ReportOutbox(socket, maxBuffered);

  const flush = () => {
    if (!socket.connected) return false;
    for (const summary of budget.drain()) queue.push(summary);
    if (queue.length === 0) return false;
    outbox.send(queue.splice(0));
    return true;
  };
  const schedule = new ReporterSchedule(flush, flushMs, options.flushHoldMs ?? FLUSH_HOLD_MS, false);
  const scheduleFlush = (event: ReportedEvent) => {
    if (socket.connected) schedule.take(event);
  };
  // What the hub had not acknowledged goes again first: a hub that died before saving it lost it.
  socket.on('connect', () => {
    outbox.resend();
    schedule.run();
  });

  return {
    emit(event) {
      event.at ??= Date.now();
      if (!budget.admit(event as ReportedEvent)) {
        scheduleFlush(event as ReportedEvent);
        return;
      }
      queue.push(event as ReportedEvent);
      if (queue.length > maxBuffered) {
        queue.shift();
        dropped += 1;
      }
      scheduleFlush(event as ReportedEvent);
    },
    get dropped() {
      return dropped + outbox.dropped;
    },
    get connected() {
      return socket.connected;
    },
    async close() {
      schedule.run();
      // Wait a little for the hub to acknowledge the last reports (it saves before it answers).
      await waitFor(() => !socket.connected || outbox.pending === 0, CLOSE_WAIT_MS);
      socket.disconnect();
    },
    discard() {
      schedule.stop();
      queue.length = 0;
      outbox.clear();
      socket.disconnect();
    },
  };
}

/** How long `close()` waits for the hub's acknowledgements: a stop must not hang on a hub that is away. */
export const CLOSE_WAIT_MS = 1_000;

/** Resolves once `done()` holds (checked every 10 ms) or after `ms`. */
export async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** A reporter that reports nothing, for when no hub is configured. */
export const disabledReporter: TelemetryReporter = {
  emit() {},
  dropped: 0,
  connected: false,
  async close() {},
  discard() {},
};
