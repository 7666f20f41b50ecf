import { StartNodesResponseSchema } from '@peerscope/protocol';
import { act, numberArg, type CommandDefinition } from '../command-kit.js';
import { startedNodeLine } from '../render.js';

export const add: CommandDefinition = (program) =>
  program
    .command('add')
    .argument('[count]', 'how many nodes to start', numberArg, 1)
    .description("start nodes through the bootstrap's runtime and wait until they joined (POST /api/nodes)")
    .action(
      act(async ({ admin, out }, count: number) => {
        const answer = await admin().call('POST', '/api/nodes', StartNodesResponseSchema, { count });
        out.answer(answer.raw, () => answer.data.nodes.map((node) => startedNodeLine(out, 'started', node)));
      }),
    );
