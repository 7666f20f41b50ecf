import { GossipStartedSchema } from '@peerscope/protocol';
import { act, numberArg, textOf, type CommandDefinition } from '../command-kit.js';

interface GossipOptions {
  ttl?: number;
  fanout?: number;
}

export const gossip: CommandDefinition = (program) =>
  program
    .command('gossip')
    .argument('<from>', 'the node the gossip starts at')
    .argument('<text...>', 'the rumour')
    .option('--ttl <hops>', 'how many hops it may travel (default 8)', numberArg)
    .option('--fanout <k>', 'how many neighbours each node passes it to (default 3)', numberArg)
    .description('start a gossip: flooded hop by hop over the overlay, each node passing it on once (POST /api/gossip)')
    .action(
      act(async ({ admin, out }, from: string, words: string[], options: GossipOptions) => {
        const body = {
          from,
          text: textOf(words),
          ...(options.ttl !== undefined && { ttl: options.ttl }),
          ...(options.fanout !== undefined && { fanout: options.fanout }),
        };
        const answer = await admin().call('POST', '/api/gossip', GossipStartedSchema, body);
        const { id, ttl, fanout } = answer.data;
        out.answer(answer.raw, () => [`gossip ${id} started at ${from} (ttl ${ttl}, fan-out ${fanout}); \`peerscope watch\` shows it spread`]);
      }),
    );
