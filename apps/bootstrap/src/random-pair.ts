import type { Registry } from './registry.js';

/** A random live pair: a peerscope sender (it has a control API) and any other live node. */
export function randomPair(registry: Registry, random: () => number = Math.random): { from: string; to: string } | undefined {
  const alive = registry.list().filter((n) => n.status === 'alive');
  const senders = alive.filter((n) => n.kind === 'peerscope');
  if (senders.length === 0 || alive.length < 2) return undefined;
  const from = senders[Math.floor(random() * senders.length)]!;
  const others = alive.filter((n) => n.id !== from.id);
  return { from: from.id, to: others[Math.floor(random() * others.length)]!.id };
}
