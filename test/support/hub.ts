import { createServer } from 'node:http';
import {
  ClaimRequestSchema,
  decodeHostReport,
  decodeReport,
  INGEST_NAMESPACE,
  ReleaseRequestSchema,
  type ClaimAnswer,
  type IngestClientToServerEvents,
  type TelemetryEvent,
} from '@peerscope/protocol';
import { hostCredentialMatches, reportTicketMatches } from '@peerscope/server-kit';
import { Server } from 'socket.io';

/**
 * A real Socket.IO server standing in for the dashboard's hub: it checks the token (or a host's
 * credential and its nodes' tickets) and records events.
 */
export async function startRecordingHub(token: string, port = 0) {
  const http = createServer();
  const io = new Server<IngestClientToServerEvents>(http);
  const events: TelemetryEvent[] = [];
  const sources = new Set<string>();
  const hosts = new Set<string>();
  const claims: Array<{ host: string; node: string; ok: boolean }> = [];
  let invalidReports = 0;
  let unclaimedEvents = 0;
  const ingest = io.of(INGEST_NAMESPACE);
  ingest.use((socket, next) => {
    const { token: given, host, credential } = socket.handshake.auth as Record<string, unknown>;
    const ok = typeof host === 'string' ? typeof credential === 'string' && hostCredentialMatches(token, host, credential) : given === token;
    next(ok ? undefined : new Error('unauthorized'));
  });
  ingest.on('connection', (socket) => {
    const host = socket.handshake.auth.host as string | undefined;
    if (host === undefined) {
      const source = String(socket.handshake.auth.source);
      sources.add(source);
      socket.on('telemetry:report', (report) => {
        const decoded = decodeReport(report, source);
        if (decoded.ok) events.push(...decoded.events);
        else invalidReports += 1;
      });
      return;
    }
    hosts.add(host);
    const claimed = new Set<string>();
    socket.on('telemetry:claim', (request: unknown, ack: (answer: ClaimAnswer) => void) => {
      const parsed = ClaimRequestSchema.safeParse(request);
      const ok = parsed.success && reportTicketMatches(token, host, parsed.data.node, parsed.data.ticket);
      if (ok) claimed.add(parsed.data.node);
      claims.push({ host, node: parsed.success ? parsed.data.node : '?', ok });
      ack(ok ? { ok: true, data: { node: parsed.data.node } } : { ok: false, error: { code: 'unauthorized', message: 'wrong ticket' } });
    });
    socket.on('telemetry:release', (request: unknown) => {
      const parsed = ReleaseRequestSchema.safeParse(request);
      if (parsed.success) claimed.delete(parsed.data.node);
    });
    socket.on('telemetry:report', (report) => {
      const decoded = decodeHostReport(report, claimed);
      if (!decoded.ok) return void (invalidReports += 1);
      events.push(...decoded.events);
      unclaimedEvents += decoded.unclaimed.length + decoded.foreign.length;
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  const address = http.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    events,
    sources,
    /** Hosts that connected with a valid credential. */
    hosts,
    claims,
    /** Open `/ingest` connections. */
    connections: () => ingest.sockets.size,
    invalidReports: () => invalidReports,
    /** Events a host sent for nodes it had not claimed (dropped). */
    unclaimedEvents: () => unclaimedEvents,
    /** Closes every connection's transport, as a network fault would: clients reconnect. */
    dropConnections: () => ingest.sockets.forEach((socket) => socket.conn.close()),
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
