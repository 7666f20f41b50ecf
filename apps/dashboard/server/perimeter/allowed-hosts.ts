import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/** The names every dashboard answers to, whatever it listens on. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/** Whether `host` (a listen address) keeps the dashboard on this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
}

/**
 * Which `Host` and `Origin` headers name this dashboard. A DNS-rebinding page reaches the
 * dashboard's address under its own domain name (`Host: rebind.example:3000`), with a matching
 * Origin: comparing Origin with Host alone lets it act, so both are compared with this list.
 */
export interface HostRule {
  /** Whether a `Host` header names this dashboard. */
  hostAllowed(host: string | undefined): boolean;
  /** Whether an `Origin` header is one of this dashboard's own pages (scheme included). */
  originAllowed(origin: string): boolean;
  /** The allowed `name:port` pairs, for messages and docs. */
  readonly hosts: readonly string[];
}

/** `name` or `name:port` (an IPv6 name in brackets) as a lower-case `name:port`. */
function withPort(entry: string, port: number): string {
  const name = entry.trim().toLowerCase();
  const hasPort = name.startsWith('[') ? /\]:\d+$/.test(name) : /:\d+$/.test(name);
  if (hasPort) return name;
  const bracketed = isIP(name) === 6 ? `[${name}]` : name;
  return `${bracketed}:${port}`;
}

/**
 * Loopback names, the listen address (or, listening on every address, this machine's own IP
 * addresses: an IP literal cannot be rebound) and `extra` (PEERSCOPE_DASHBOARD_ALLOWED_HOSTS),
 * each at the dashboard's port unless the entry names its own.
 */
export function createHostRule(listenHost: string, port: number, extra: readonly string[]): HostRule {
  const names = [...LOOPBACK_NAMES];
  if (ANY_ADDRESS.has(listenHost)) {
    for (const addresses of Object.values(networkInterfaces())) for (const { address } of addresses ?? []) names.push(address.split('%')[0]!);
  } else {
    names.push(listenHost);
  }
  const allowed = new Set([...names.map((name) => withPort(name, port)), ...extra.map((entry) => withPort(entry, port))]);
  // A Host without a port means the scheme's default port.
  const normalize = (host: string) => withPort(host, 80);
  return {
    hosts: [...allowed],
    hostAllowed: (host) => host !== undefined && allowed.has(normalize(host)),
    originAllowed(origin) {
      try {
        const url = new URL(origin);
        return url.protocol === 'http:' && allowed.has(`${url.hostname}:${url.port || '80'}`);
      } catch {
        return false;
      }
    },
  };
}
