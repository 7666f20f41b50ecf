import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { ApiError } from './api-error.js';
import { bearerCheck, unauthorized } from './bearer.js';
import { sendApiError } from './send-error.js';

/**
 * prom-client's gauges named like counters, which `promtool check metrics` flags ("non-counter
 * metrics should not have _total suffix"); each is the sum of its by-type gauge, which stays.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** One server's metrics, with the process metrics (CPU, memory, event loop, GC) every server has. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  return registry;
}

/**
 * `GET /metrics` (and HEAD), served before any router: the registry in the Prometheus text
 * format. With a token (`PEERSCOPE_METRICS_TOKEN`), only to `Authorization: Bearer <token>`;
 * others get 401 in the one error shape. Returns false for any other request.
 */
export function metricsEndpoint(registry: Registry, token: string | undefined): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = token ? bearerCheck(token) : () => true;
  return (req, res) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || (req.url !== '/metrics' && !req.url?.startsWith('/metrics?'))) return false;
    req.resume();
    if (!allowed(req)) {
      sendApiError(req, res, unauthorized());
      return true;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => sendApiError(req, res, new ApiError('internal', 'the metrics could not be collected')),
    );
    return true;
  };
}

/** Send latency buckets, in seconds: from a loopback hop (~1 ms) to a message timeout (2 s) and past it. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Messages as one server sees them: the hub every message the network reports, the bootstrap the
 * sends its admin API asked for. Same names on both; `seenBy` says which in the help text.
 * Labels are bounded: `reason` is a failure code, `outcome` delivered or failed.
 */
export class MessageMetrics {
  private readonly sent: Counter;
  private readonly delivered: Counter;
  private readonly failed: Counter<'reason'>;
  private readonly latency: Histogram<'outcome'>;

  constructor(registry: Registry, seenBy: string) {
    const registers = [registry];
    this.sent = new Counter({ name: 'peerscope_messages_sent_total', help: `Messages sent, ${seenBy}`, registers });
    this.delivered = new Counter({ name: 'peerscope_messages_delivered_total', help: `Messages delivered (the receiver acknowledged), ${seenBy}`, registers });
    this.failed = new Counter({
      name: 'peerscope_messages_failed_total',
      help: `Messages that failed, by reason, ${seenBy}`,
      labelNames: ['reason'],
      registers,
    });
    this.latency = new Histogram({
      name: 'peerscope_message_latency_seconds',
      help: `Send latency, from the send to the receiver's answer (or the failure), ${seenBy}`,
      labelNames: ['outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
  }

  countSent(count = 1): void {
    if (count > 0) this.sent.inc(count);
  }

  /** A delivery; `latencyMs` when it is known (a summary of many has none). */
  countDelivered(latencyMs?: number, count = 1): void {
    if (count > 0) this.delivered.inc(count);
    if (latencyMs !== undefined) this.latency.observe(OUTCOME_DELIVERED, latencyMs / 1_000);
  }

  countFailed(reason: string, latencyMs?: number, count = 1): void {
    if (count > 0) this.failed.inc({ reason }, count);
    if (latencyMs !== undefined) this.latency.observe(OUTCOME_FAILED, latencyMs / 1_000);
  }
}

const OUTCOME_DELIVERED = Object.freeze({ outcome: 'delivered' });
const OUTCOME_FAILED = Object.freeze({ outcome: 'failed' });
