import { readFileSync } from 'node:fs';

const GC_THRESH3 = '/proc/sys/net/ipv4/neigh/default/gc_thresh3';

/**
 * Advice when the kernel's neighbour (ARP) table is too small for `maxNodes` node containers.
 * The kernel keeps one table for every network namespace on the machine, and each container adds
 * an entry per peer it talks to: up to n² entries (plus the bootstrap and the hub). Past the bound
 * the kernel drops packets and sends time out (bench/README.md, "docker-scale"). Undefined when
 * the table is big enough, or when it cannot be read: inside a container only the host sees it.
 */
export function neighbourTableAdvice(maxNodes: number, read: (path: string) => string = (path) => readFileSync(path, 'utf8')): string | undefined {
  let bound: number;
  try {
    bound = Number(read(GC_THRESH3).trim());
  } catch {
    return undefined;
  }
  const needed = maxNodes * (maxNodes + 2);
  if (!Number.isFinite(bound) || bound >= needed) return undefined;
  const fits = Math.floor(Math.sqrt(bound));
  return (
    `the kernel's neighbour table (net.ipv4.neigh.default.gc_thresh3) holds ${bound} entries: more than about ${fits} node containers ` +
    `talking to each other will overflow it and their sends will time out (up to ${maxNodes} may run: ${needed} entries). ` +
    'Raise it as root with docker/tune-host.sh.'
  );
}
