import { StopNodeResponseSchema, type StopMode } from '@peerscope/protocol';
import type { CliContext } from '../command-kit.js';

/** `remove` and `crash`: DELETE /api/nodes/:id, gracefully or with SIGKILL. */
export async function stopNode({ admin, out }: CliContext, id: string, mode: StopMode): Promise<void> {
  const answer = await admin().call('DELETE', `/api/nodes/${encodeURIComponent(id)}?mode=${mode}`, StopNodeResponseSchema);
  const { stopped } = answer.data;
  const done = mode === 'crash' ? `${id} crashed: it goes suspect, then dead, as its heartbeats stop` : `${id} stopped and left the network`;
  out.answer(answer.raw, () => [stopped ? done : `${id} was not running any more`]);
}
