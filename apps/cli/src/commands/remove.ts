import { act, type CommandDefinition } from '../command-kit.js';
import { stopNode } from './stop-node.js';

export const remove: CommandDefinition = (program) =>
  program
    .command('remove')
    .argument('<id>', 'the node, e.g. node2')
    .description('stop a node gracefully: it says goodbye and leaves every peer list (DELETE /api/nodes/:id)')
    .action(act(async (context, id: string) => stopNode(context, id, 'graceful')));
