import { createHmac } from 'node:crypto';
import { tokensMatch } from './bearer.js';

// A host process reports for many nodes over one connection without ever holding the cluster
// token: whoever holds the token (the bootstrap) derives a credential per host and a ticket per
// node on that host, and the hub, which holds the token too, recomputes them to check. Each kind
// has its own label, and ids are joined by NUL (which no id may contain), so no credential or
// ticket can ever be mistaken for another.

const HOST_LABEL = 'peerscope/ingest/host-credential/v1';
const TICKET_LABEL = 'peerscope/ingest/report-ticket/v1';

const derive = (clusterToken: string, ...parts: string[]) => createHmac('sha256', clusterToken).update(parts.join('\0')).digest('base64url');

/** The secret a host process authenticates its shared `/ingest` connection with. */
export function hostCredential(clusterToken: string, hostId: string): string {
  return derive(clusterToken, HOST_LABEL, hostId);
}

/** What lets host `hostId` report for `nodeId`: proof that whoever holds the cluster token put that node on that host. */
export function reportTicket(clusterToken: string, hostId: string, nodeId: string): string {
  return derive(clusterToken, TICKET_LABEL, hostId, nodeId);
}

/** True when `given` is `hostId`'s credential; compared in constant time. */
export function hostCredentialMatches(clusterToken: string, hostId: string, given: string): boolean {
  return tokensMatch(given, hostCredential(clusterToken, hostId));
}

/** True when `given` is the ticket for `nodeId` on `hostId`; compared in constant time. */
export function reportTicketMatches(clusterToken: string, hostId: string, nodeId: string, given: string): boolean {
  return tokensMatch(given, reportTicket(clusterToken, hostId, nodeId));
}
