import { BroadcastResultSchema } from '@peerscope/protocol';
import { act, textOf, type CommandDefinition } from '../command-kit.js';
import { sendResultLine } from '../render.js';

export const broadcast: CommandDefinition = (program) =>
  program
    .command('broadcast')
    .argument('<from>', 'the sending node')
    .argument('<text...>', 'the message')
    .description("send one copy of a message to each of the node's overlay neighbours (POST /api/broadcast)")
    .action(
      act(async ({ admin, out }, from: string, words: string[]) => {
        const answer = await admin().call('POST', '/api/broadcast', BroadcastResultSchema, { from, text: textOf(words) });
        const { id, results } = answer.data;
        const delivered = results.filter((r) => r.status === 'delivered').length;
        out.answer(answer.raw, () => [
          `broadcast ${id} from ${from}: ${delivered} of ${results.length} delivered`,
          ...results.map((result) => `  ${sendResultLine(out, result)}`),
        ]);
      }),
    );
