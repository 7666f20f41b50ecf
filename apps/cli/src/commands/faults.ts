import { FaultStateSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';
import { faultLines } from '../render.js';

export const faults: CommandDefinition = (program) =>
  program
    .command('faults')
    .description('show the faults in force: partition, link faults, paused nodes (GET /api/faults)')
    .action(
      act(async ({ admin, out }) => {
        const answer = await admin().get('/api/faults', FaultStateSchema);
        out.answer(answer.raw, () => faultLines(answer.data));
      }),
    );
