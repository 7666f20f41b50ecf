// A minimal stand-in for the dashboard's hub: accepts `/ingest` connections that carry the
// cluster token and counts, per reporter, the messages their reports account for. It runs in its own process so its work
// does not steal CPU from the load client in the bench process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INGEST_NAMESPACE, type IngestClientToServerEvents } from '@peerscope/protocol';
import { Server } from 'socket.io';

export interface SourceStats {
  reports: number;
  /** `message:received` events, one per message. */
  received: number;
  /** Messages received that `messages:summarised` events counted. */
  summarisedReceived: number;
}

export interface HubStats {
  type: 'stats';
  /** Sources (node ids) that connected with a valid token. */
  sources: string[];
  bySource: Record<string, SourceStats>;
}

type Event = { type: 'message:received' } | { type: 'messages:summarised'; received: number } | { type: string };

const token = process.env.PEERSCOPE_CLUSTER_TOKEN;
const stats: HubStats = { type: 'stats', sources: [], bySource: {} };

const http = createServer();
const io = new Server(http, { serveClient: false });
const ingest = io.of(INGEST_NAMESPACE);

ingest.use((socket, next) => {
  const auth = socket.handshake.auth as { token?: unknown };
  next(token && auth.token === token ? undefined : new Error('unauthorized'));
});

ingest.on('connection', (socket) => {
  const source = String((socket.handshake.auth as { source?: unknown }).source);
  if (!stats.sources.includes(source)) stats.sources.push(source);
  const counts = (stats.bySource[source] ??= { reports: 0, received: 0, summarisedReceived: 0 });
  socket.on('telemetry:report', ((report: Uint8Array) => {
    counts.reports += 1;
    // Read, not validated: this hub shares the machine's two cores with the node and the load
    // client, and the dashboard's work per event (bench/hub-throughput.ts) is not what is measured here.
    for (const event of JSON.parse(Buffer.from(report).toString('utf8')) as Event[]) {
      if (event.type === 'message:received') counts.received += 1;
      else if ('received' in event) counts.summarisedReceived += event.received;
    }
  }) satisfies IngestClientToServerEvents['telemetry:report']);
});

http.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (http.address() as AddressInfo).port });
});
process.on('message', (message: { type?: string }) => {
  if (message.type === 'stats') process.send?.(stats);
});
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => process.exit(0));
