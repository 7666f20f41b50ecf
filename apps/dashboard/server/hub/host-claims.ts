import { ClaimRequestSchema, MAX_CLAIMS_PER_CONNECTION, ReleaseRequestSchema, type ClaimAnswer } from '@peerscope/protocol';
import { reportTicketMatches } from '@peerscope/server-kit';

/**
 * The nodes one host connection has proved it may report for: each claim carries the ticket the
 * bootstrap derived for that node on that host. Claims live as long as the connection, so a
 * host claims its nodes again after every reconnect.
 */
export class HostClaims {
  private readonly claimed = new Set<string>();

  constructor(
    private readonly clusterToken: string,
    readonly host: string,
  ) {}

  /** The ids this connection may report for. */
  get ids(): ReadonlySet<string> {
    return this.claimed;
  }

  claim(request: unknown): ClaimAnswer {
    const parsed = ClaimRequestSchema.safeParse(request);
    if (!parsed.success) return refuse('invalid_body', `a claim is {"node", "ticket"}: ${parsed.error.issues[0]?.message ?? 'invalid claim'}`);
    const { node, ticket } = parsed.data;
    if (!reportTicketMatches(this.clusterToken, this.host, node, ticket))
      return refuse('unauthorized', `that is not the ticket for ${node} on host ${this.host}`);
    if (!this.claimed.has(node) && this.claimed.size >= MAX_CLAIMS_PER_CONNECTION)
      return refuse('too_many_nodes', `a host connection claims at most ${MAX_CLAIMS_PER_CONNECTION} nodes at once`);
    this.claimed.add(node);
    return { ok: true, data: { node } };
  }

  /** Forgets a claim; false for a request that is not a release. */
  release(request: unknown): boolean {
    const parsed = ReleaseRequestSchema.safeParse(request);
    if (parsed.success) this.claimed.delete(parsed.data.node);
    return parsed.success;
  }
}

const refuse = (code: 'invalid_body' | 'unauthorized' | 'too_many_nodes', message: string): ClaimAnswer => ({ ok: false, error: { code, message } });
