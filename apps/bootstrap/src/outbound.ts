import { createGuardedAgent, type UrlPolicy } from '@peerscope/server-kit';
import type { Agent } from 'undici';

/** The bootstrap's one HTTP client: kept-alive, no redirects, and only to allowed addresses. */
export function createOutboundAgent(policy: UrlPolicy): Agent {
  return createGuardedAgent(policy, { keepAliveTimeout: 10_000 });
}
