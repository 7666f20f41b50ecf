import type { NetworkClient } from './network-client';
import type { TracePlayer } from './trace-player';

/**
 * A player for a trace file, or for the hub's own trace (time travel, replay). The player, the
 * trace readers and the protocol's schemas they check lines with load here, when a person first
 * opens a trace, rather than with the page.
 */
export async function openTracePlayer(client: NetworkClient, trace: File | 'hub'): Promise<TracePlayer> {
  const [{ TracePlayer }, { FileTraceSource, HubTraceSource }] = await Promise.all([import('./trace-player'), import('./trace-source')]);
  return new TracePlayer(client, trace === 'hub' ? new HubTraceSource() : new FileTraceSource(trace));
}
