import { BootstrapCrashAnswerSchema, BootstrapStatusSchema } from '@peerscope/protocol';
import { act, type CommandDefinition } from '../command-kit.js';

export const bootstrap: CommandDefinition = (program) => {
  const command = program.command('bootstrap').description('the bootstrap itself: `bootstrap status`, `bootstrap crash`');
  command
    .command('status')
    .description('whether the bootstrap answers, since when, and whether a launcher would restart it (GET /api/bootstrap)')
    .action(
      act(async ({ admin, out }) => {
        const answer = await admin().get('/api/bootstrap', BootstrapStatusSchema);
        const { startedAt, supervised } = answer.data;
        const restart = supervised ? 'the launcher restarts it if it dies' : 'nothing would restart it';
        out.answer(answer.raw, () => [`the bootstrap is ${out.status('alive')}, up since ${new Date(startedAt).toISOString()}; ${restart}`]);
      }),
    );
  command
    .command('crash')
    .description('kill the bootstrap as a crash would: the nodes go on messaging, the launcher brings it back (POST /api/bootstrap/crash)')
    .action(
      act(async ({ admin, out }) => {
        const answer = await admin().call('POST', '/api/bootstrap/crash', BootstrapCrashAnswerSchema);
        out.answer(answer.raw, () => ['the bootstrap is crashing; the launcher restarts it with its registry, faults, overlay and traffic']);
      }),
    );
};
