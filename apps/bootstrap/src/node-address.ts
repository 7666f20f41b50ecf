/**
 * How the registry tells whether two urls are one node. A url is shown as its origin (scheme,
 * host and port as the URL standard spells them: no path, lower case, `2130706433` read as
 * `127.0.0.1`); it is compared by the addresses its host resolved to at registration, so
 * `http://localhost:5000` and `http://127.0.0.1:5000` are the same node.
 */

/** One spelling per url: its origin, so `HTTP://a:1/x/` and `http://a:1` are shown alike. */
export function normalizeUrl(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url.replace(/\/+$/, '');
  }
}

/**
 * `scheme://address:port` for each address the url's host resolved to (or the host itself when
 * no resolution was given), with the default port written out.
 */
export function addressKeys(url: string, addresses?: readonly string[]): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
  const hosts = addresses && addresses.length > 0 ? addresses : [parsed.hostname.replace(/^\[|\]$/g, '')];
  return hosts.map((host) => `${parsed.protocol}//${host.includes(':') ? `[${host.toLowerCase()}]` : host.toLowerCase()}:${port}`);
}

/** True when two key lists share an address: the urls reach the same socket. */
export function sameAddress(a: readonly string[], b: readonly string[]): boolean {
  return a.some((key) => b.includes(key));
}
