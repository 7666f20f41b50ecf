import { FaultStateSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';
import { faultLines } from '../render.js';

export const reset: CommandDefinition = (program) =>
  program
    .command('reset')
    .description('clear every fault: heal the partition, make every link healthy, resume paused nodes (DELETE /api/faults)')
    .action(
      act(async ({ admin, out }) => {
        const answer = await admin().call('DELETE', '/api/faults', FaultStateSchema);
        out.answer(answer.raw, () => faultLines(answer.data));
      }),
    );
