import { Option } from 'commander';
import { CutDirectionSchema, FaultStateSchema, type CutDirection } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';
import { faultLines } from '../render.js';

export const partition: CommandDefinition = (program) =>
  program
    .command('partition')
    .argument('<ids...>', 'the nodes to cut off from all the others')
    .addOption(new Option('--direction <way>', 'which messages the cut stops').choices(CutDirectionSchema.options).default('both'))
    .description('cut a group of nodes off from the rest: sends across fail `partitioned` (POST /api/faults/partition); `heal` undoes it')
    .action(
      act(async ({ admin, out }, group: string[], options: { direction: CutDirection }) => {
        const answer = await admin().call('POST', '/api/faults/partition', FaultStateSchema, { group, direction: options.direction });
        out.answer(answer.raw, () => faultLines(answer.data));
      }),
    );
