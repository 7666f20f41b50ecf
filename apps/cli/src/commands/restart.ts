import { RestartNodeResponseSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';
import { startedNodeLine } from '../render.js';

export const restart: CommandDefinition = (program) =>
  program
    .command('restart')
    .argument('<id>', 'the node, e.g. node2')
    .description('start a node again under its id, after a crash or while it runs (POST /api/nodes/:id/restart)')
    .action(
      act(async ({ admin, out }, id: string) => {
        const answer = await admin().call('POST', `/api/nodes/${encodeURIComponent(id)}/restart`, RestartNodeResponseSchema);
        out.answer(answer.raw, () => [startedNodeLine(out, 'restarted', answer.data)]);
      }),
    );
