import { createServer } from 'node:http';
import { decodeReport, INGEST_NAMESPACE, type IngestClientToServerEvents, type TelemetryEvent } from '@peerscope/protocol';
import { Server } from 'socket.io';

/** A real Socket.IO server standing in for the dashboard's hub: it checks the token and records events. */
export async function startRecordingHub(token: string, port = 0) {
  const http = createServer();
  const io = new Server<IngestClientToServerEvents>(http);
  const events: TelemetryEvent[] = [];
  const sources = new Set<string>();
  let invalidReports = 0;
  const ingest = io.of(INGEST_NAMESPACE);
  ingest.use((socket, next) => (socket.handshake.auth.token === token ? next() : next(new Error('unauthorized'))));
  ingest.on('connection', (socket) => {
    const source = String(socket.handshake.auth.source);
    sources.add(source);
    socket.on('telemetry:report', (report) => {
      const decoded = decodeReport(report, source);
      if (decoded.ok) events.push(...decoded.events);
      else invalidReports += 1;
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const address = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    events,
    sources,
    invalidReports: () => invalidReports,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
