import { act, type CommandDefinition } from '../command-kit.js';
import { stopNode } from './stop-node.js';

export const crash: CommandDefinition = (program) =>
  program
    .command('crash')
    .argument('<id>', 'the node, e.g. node2')
    .description('kill a node without warning (SIGKILL, docker kill): the failure detector finds out (DELETE /api/nodes/:id?mode=crash)')
    .action(act(async (context, id: string) => stopNode(context, id, 'crash')));
