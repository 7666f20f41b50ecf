/**
 * User-timing marks of the page's load, each set once (the first time): `performance.getEntriesByType('mark')`
 * then says where the time from the address to a drawn graph went (`snapshot-received`: the hub's
 * snapshot came; `snapshot`: it was applied, which waits for hydration). bench:ui-scale reads them
 * (`BENCH_LOAD_REPEATS`); a person can read them in the browser's performance panel.
 */
export type LoadMark = 'connecting' | 'hydrated' | 'socket-open' | 'snapshot-received' | 'snapshot' | 'view' | 'graph-mounted' | 'graph-drawn';

const marked = new Set<LoadMark>();

export function markLoad(name: LoadMark): void {
  if (marked.has(name) || typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  marked.add(name);
  performance.mark(`peerscope:${name}`);
}
