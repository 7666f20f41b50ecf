import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Which addresses the bootstrap will register and connect to. A node's url must resolve only to
 * addresses inside the allowed networks (by default loopback and Docker's bridge ranges), so the
 * registry cannot be used to make the bootstrap reach arbitrary hosts.
 */
export class UrlPolicy {
  private readonly allowed = new BlockList();

  constructor(readonly networks: string[]) {
    for (const cidr of networks) {
      const [address = '', prefix] = cidr.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (!isIP(address)) throw new Error(`not an IP network: ${cidr}`);
      this.allowed.addSubnet(address, prefix === undefined ? (family === 'ipv6' ? 128 : 32) : Number(prefix), family);
    }
  }

  allowsAddress(address: string): boolean {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    const plain = mapped ?? address;
    const family = isIP(plain);
    return family !== 0 && this.allowed.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** Resolves with why the url is refused, or undefined when it is allowed. */
  async check(url: string): Promise<string | undefined> {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return `${host} does not resolve`;
    }
    const refused = addresses.find((address) => !this.allowsAddress(address));
    if (refused === undefined) return undefined;
    return `${host} (${refused}) is outside the allowed networks ${this.networks.join(', ')}; set PEERSCOPE_ALLOWED_NETWORKS to change them`;
  }

  /** A `lookup` for outgoing connections that refuses disallowed addresses even after DNS changes. */
  readonly connectLookup = (
    hostname: string,
    options: object,
    callback: (err: NodeJS.ErrnoException | null, address: string | Array<{ address: string; family: number }>, family?: number) => void,
  ): void => {
    lookup(hostname, { ...options, all: true }).then(
      (addresses) => {
        const ok = addresses.filter((a) => this.allowsAddress(a.address));
        if (ok.length === 0) {
          callback(Object.assign(new Error(`${hostname} is outside the allowed networks`), { code: 'EACCES' }), '');
          return;
        }
        if ('all' in options && options.all) callback(null, ok);
        else callback(null, ok[0]!.address, ok[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };
}

export const DEFAULT_ALLOWED_NETWORKS = ['127.0.0.0/8', '::1/128', '172.16.0.0/12'];
