import { Agent } from 'undici';
import type { UrlPolicy } from './url-policy.js';

/** The bootstrap's one HTTP client: kept-alive, no redirects, and only to allowed addresses. */
export function createOutboundAgent(policy: UrlPolicy): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    connect: { lookup: policy.connectLookup as never },
  });
}
