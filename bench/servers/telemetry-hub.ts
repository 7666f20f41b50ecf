// A minimal stand-in for the dashboard's hub: accepts `/ingest` connections that carry the
// cluster token and counts the events they report. It runs in its own process so its work
// does not steal CPU from the load client in the bench process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INGEST_NAMESPACE, type IngestClientToServerEvents } from '@peerscope/protocol';
import { Server } from 'socket.io';

export interface HubStats {
  type: 'stats';
  /** Sources (node ids) that connected with a valid token. */
  sources: string[];
  reports: number;
  events: Record<string, number>;
}

const token = process.env.PEERSCOPE_CLUSTER_TOKEN;
const stats: HubStats = { type: 'stats', sources: [], reports: 0, events: {} };

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
  socket.on('telemetry:report', ((report: Uint8Array) => {
    stats.reports += 1;
    // Read, not validated: this hub shares the machine's two cores with the node and the load
    // client, and the dashboard's work per event (bench/hub-throughput.ts) is not what is measured here.
    const events = JSON.parse(Buffer.from(report).toString('utf8')) as Array<{ type: string }>;
    for (const event of events) stats.events[event.type] = (stats.events[event.type] ?? 0) + 1;
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
