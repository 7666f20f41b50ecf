import { IngestAuthSchema } from '@peerscope/protocol';
import { hostCredentialMatches, tokensMatch } from '@peerscope/server-kit';

/** Who an `/ingest` connection reports as: one source (cluster token) or a host of many nodes (host credential). */
export type IngestReporter = { kind: 'source'; source: string } | { kind: 'host'; host: string };

export type IngestAuthResult = { ok: true; reporter: IngestReporter } | { ok: false; reason: string };

/** Reads a connection's handshake `auth`: whoever it is, or why it is refused. */
export function authenticateIngest(auth: unknown, clusterToken: string): IngestAuthResult {
  const parsed = IngestAuthSchema.safeParse(auth);
  if (!parsed.success) return { ok: false, reason: isObject(auth) && 'host' in auth ? HOST_REFUSED : SOURCE_REFUSED };
  const given = parsed.data;
  if ('host' in given) {
    return hostCredentialMatches(clusterToken, given.host, given.credential)
      ? { ok: true, reporter: { kind: 'host', host: given.host } }
      : { ok: false, reason: HOST_REFUSED };
  }
  return tokensMatch(given.token, clusterToken) ? { ok: true, reporter: { kind: 'source', source: given.source } } : { ok: false, reason: SOURCE_REFUSED };
}

const SOURCE_REFUSED = 'unauthorized: a valid cluster token is required';
const HOST_REFUSED = 'unauthorized: a valid host credential is required';

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
