import { SendMessageResponseSchema } from '@peerscope/protocol';
import { act, textOf, type CommandDefinition } from '../command-kit.js';
import { CliError, EXIT } from '../exit-codes.js';
import { sendResultLine } from '../render.js';

export const send: CommandDefinition = (program) =>
  program
    .command('send')
    .argument('<from>', 'the sending node')
    .argument('<to>', "the receiving node's id, or any node's url")
    .argument('<text...>', 'the message (several words are joined with spaces)')
    .description('ask one node to send a message to another, and wait for the outcome (POST /api/messages); exit 1 when it was not delivered')
    .action(
      act(async ({ admin, out }, from: string, to: string, words: string[]) => {
        const answer = await admin().call('POST', '/api/messages', SendMessageResponseSchema, { from, to, text: textOf(words) });
        out.answer(answer.raw, () => [sendResultLine(out, answer.data)]);
        if (answer.data.status === 'failed') throw new CliError(`not delivered: ${answer.data.error?.code ?? 'failed'}`, EXIT.refused);
      }),
    );
