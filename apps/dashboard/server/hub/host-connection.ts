import { decodeHostReport, type IngestClientToServerEvents, type IngestServerToClientEvents, type TelemetryEvent } from '@peerscope/protocol';
import type { Logger } from '@peerscope/server-kit';
import type { Socket } from 'socket.io';
import { HostClaims } from './host-claims.js';
import type { ReportIntake } from './hub.js';

export interface HostConnectionDeps {
  clusterToken: string;
  logger: Logger;
  /** Events this host may report, in order, each stamped with its node. */
  accept(events: TelemetryEvent[]): void;
  /** A report refused whole, or events dropped one by one (for nodes this host has not claimed, or that no node reports of itself). */
  reject(count: number): void;
  /** Drops a report sent again that the hub already has; the host's reports are one stream (`host:<id>`). */
  intake: ReportIntake;
}

/** The most distinct reasons one connection is warned about; past it, it goes on quietly. */
const MAX_WARNINGS = 16;

/**
 * Serves one host process's connection: claims prove which nodes it speaks for, and only their
 * events count. A host sends hundreds of nodes' events a second, so each kind of trouble is
 * logged once per connection, not once per report.
 */
export function serveHostConnection(socket: Socket<IngestClientToServerEvents, IngestServerToClientEvents>, host: string, deps: HostConnectionDeps): void {
  const claims = new HostClaims(deps.clusterToken, host);
  const warned = new Set<string>();
  const warnOnce = (issue: string, detail: Record<string, unknown>) => {
    if (warned.has(issue) || warned.size >= MAX_WARNINGS) return;
    warned.add(issue);
    deps.logger.warn({ host, issue, ...detail }, 'host reporter: dropped what it may not send (logged once per connection)');
  };
  deps.logger.debug({ host }, 'host reporter connected');

  // Types do not bind a client: the acknowledgement is the last argument, if it is a function.
  socket.on('telemetry:claim', (...args: unknown[]) => {
    const ack = args.at(-1);
    const answer = claims.claim(typeof ack === 'function' && args.length === 1 ? undefined : args[0]);
    if (!answer.ok) warnOnce(`claim refused: ${answer.error.code}`, { claim: answer.error.message });
    if (typeof ack === 'function') ack(answer);
  });
  socket.on('telemetry:release', (request: unknown) => {
    if (!claims.release(request)) warnOnce('a release must be {"node"}', {});
  });
  socket.on('telemetry:report', (report: unknown, stamp: unknown, ack: unknown) =>
    deps.intake(`host:${host}`, report, stamp, ack, (report) => {
      const decoded = decodeHostReport(report, claims.ids);
      if (!decoded.ok) {
        deps.reject(1);
        warnOnce(`malformed report: ${decoded.reason}`, {});
        return;
      }
      if (decoded.unclaimed.length > 0) {
        deps.reject(decoded.unclaimed.length);
        warnOnce('events for nodes this host has not claimed', { node: decoded.unclaimed[0] });
      }
      if (decoded.foreign.length > 0) {
        deps.reject(decoded.foreign.length);
        warnOnce('events no node reports of itself', { type: decoded.foreign[0] });
      }
      deps.accept(decoded.events);
    }),
  );
}
