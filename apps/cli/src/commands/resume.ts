import { PauseNodeResponseSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';

export const resume: CommandDefinition = (program) =>
  program
    .command('resume')
    .argument('<id>', 'the node, e.g. node2')
    .description('thaw a paused node: it heartbeats again and comes back alive (POST /api/nodes/:id/resume)')
    .action(
      act(async ({ admin, out }, id: string) => {
        const answer = await admin().call('POST', `/api/nodes/${encodeURIComponent(id)}/resume`, PauseNodeResponseSchema);
        out.answer(answer.raw, () => [`${answer.data.id} resumed`]);
      }),
    );
