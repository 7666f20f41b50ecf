import { AdminNodesResponseSchema, type AdminNode } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';
import { table, type Output } from '../output.js';

export const nodes: CommandDefinition = (program) =>
  program
    .command('nodes')
    .description('list the registered nodes, with their status and url (GET /api/nodes)')
    .action(
      act(async ({ admin, out }) => {
        const answer = await admin().get('/api/nodes', AdminNodesResponseSchema);
        out.answer(answer.raw, () => nodeTable(out, answer.data.nodes, Date.now()));
      }),
    );

function nodeTable(out: Output, list: AdminNode[], now: number): string[] {
  if (list.length === 0) return ['no nodes are registered'];
  const rows = list.map((n) => [n.id, out.status(n.status), n.kind, n.managed ? 'yes' : 'no', n.url, `${((now - n.lastSeen) / 1000).toFixed(1)} s ago`]);
  return table(['ID', 'STATUS', 'KIND', 'MANAGED', 'URL', 'LAST SEEN'], rows);
}
