import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/** A url as the policy sees it: refused (and why), or its origin and the addresses it resolves to. */
export type UrlInspection = { refused: string } | { refused?: undefined; origin: string; addresses: string[] };

/**
 * Which addresses the bootstrap will register and connect to, and the nodes will send to. A url
 * must resolve only to addresses inside the allowed networks (by default loopback and Docker's
 * bridge ranges), so neither the registry nor a node's control API can be used to reach
 * arbitrary hosts.
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
    const plain = plainAddress(address);
    const family = isIP(plain);
    return family !== 0 && this.allowed.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** Resolves with why the url is refused, or undefined when it is allowed. */
  async check(url: string): Promise<string | undefined> {
    return (await this.inspect(url)).refused;
  }

  /**
   * Resolves the url's host; refused unless every address is allowed. The origin drops path,
   * query and user info and spells scheme and host as the URL standard does (so `HTTP://2130706433:80/x`
   * is `http://127.0.0.1`); the addresses are plain (IPv4-mapped IPv6 as IPv4).
   */
  async inspect(url: string): Promise<UrlInspection> {
    const parsed = new URL(url);
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return { refused: `${host} does not resolve` };
    }
    const refused = addresses.find((address) => !this.allowsAddress(address));
    if (refused !== undefined) {
      return { refused: `${host} (${refused}) is outside the allowed networks ${this.networks.join(', ')}; set PEERSCOPE_ALLOWED_NETWORKS to change them` };
    }
    return { origin: parsed.origin, addresses: [...new Set(addresses.map(plainAddress))] };
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

/** An IPv4-mapped IPv6 address (`::ffff:127.0.0.1` or `::ffff:7f00:1`) as its IPv4 address; others unchanged. */
export function plainAddress(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted) return dotted;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const isNetworkList = (networks: string[]) => {
  try {
    new UrlPolicy(networks);
    return networks.length > 0;
  } catch {
    return false;
  }
};

/** `PEERSCOPE_ALLOWED_NETWORKS`: comma-separated CIDRs or addresses, the same for the bootstrap and its nodes. */
export const AllowedNetworksSchema = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .default(DEFAULT_ALLOWED_NETWORKS)
  .refine(isNetworkList, 'give comma-separated networks such as 127.0.0.0/8,172.16.0.0/12');
