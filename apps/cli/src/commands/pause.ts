import { PauseNodeResponseSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';

export const pause: CommandDefinition = (program) =>
  program
    .command('pause')
    .argument('<id>', 'the node, e.g. node2')
    .description('freeze a node (SIGSTOP, docker pause): it goes suspect, then dead, until resumed (POST /api/nodes/:id/pause)')
    .action(
      act(async ({ admin, out }, id: string) => {
        const answer = await admin().call('POST', `/api/nodes/${encodeURIComponent(id)}/pause`, PauseNodeResponseSchema);
        out.answer(answer.raw, () => [`${answer.data.id} paused`]);
      }),
    );
