import { FaultStateSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';
import { faultLines } from '../render.js';

export const heal: CommandDefinition = (program) =>
  program
    .command('heal')
    .description('remove the partition; link faults and pauses stay (DELETE /api/faults/partition)')
    .action(
      act(async ({ admin, out }) => {
        const answer = await admin().call('DELETE', '/api/faults/partition', FaultStateSchema);
        out.answer(answer.raw, () => faultLines(answer.data));
      }),
    );
