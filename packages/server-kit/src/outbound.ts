import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import type { UrlPolicy } from './url-policy.js';

/**
 * Opens connections only to allowed addresses: a host name is checked after its lookup (so a DNS
 * change cannot get around the policy), an IP literal, which skips the lookup, before connecting.
 */
export function guardedConnector(policy: UrlPolicy): buildConnector.connector {
  const connect = buildConnector({ lookup: policy.connectLookup as never });
  return (options, callback) => {
    const host = options.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) && !policy.allowsAddress(host)) {
      callback(Object.assign(new Error(`${host} is outside the allowed networks ${policy.networks.join(', ')}`), { code: 'EACCES' }), null);
      return;
    }
    connect(options, callback);
  };
}

/** An HTTP client that keeps connections alive, follows no redirects and reaches only allowed addresses. */
export function createGuardedAgent(policy: UrlPolicy, options: Omit<Agent.Options, 'connect'> = {}): Agent {
  return new Agent({ keepAliveTimeout: 10_000, ...options, connect: guardedConnector(policy) });
}
