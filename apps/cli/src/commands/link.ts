import { FaultStateSchema } from '@peerscope/protocol';
import { act, numberArg, type CommandDefinition } from '../command-kit.js';
import { faultLines } from '../render.js';

interface LinkOptions {
  latency: number;
  jitter: number;
  loss: number;
}

export const link: CommandDefinition = (program) =>
  program
    .command('link')
    .argument('<from>', 'the sending end')
    .argument('[to]', 'the receiving end (left out: every link out of <from>)')
    .option('--latency <ms>', 'delay added to each message', numberArg, 0)
    .option('--jitter <ms>', 'each delay varies by up to this much', numberArg, 0)
    .option('--loss <percent>', 'share of messages dropped', numberArg, 0)
    .description('set a link fault: latency, jitter and loss on from → to; all zero makes the link healthy again (PUT /api/faults/links)')
    .action(
      act(async ({ admin, out }, from: string, to: string | undefined, options: LinkOptions) => {
        const rule = { from, ...(to !== undefined && { to }), latencyMs: options.latency, jitterMs: options.jitter, lossPct: options.loss };
        const answer = await admin().call('PUT', '/api/faults/links', FaultStateSchema, rule);
        out.answer(answer.raw, () => faultLines(answer.data));
      }),
    );
