import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { act, numberArg, type CommandDefinition } from '../command-kit.js';
import { CliError, EXIT } from '../exit-codes.js';

/** The dashboard's replay server (`npm run replay`), and the page build it serves. */
const REPLAY_ENTRY = fileURLToPath(new URL('../../../dashboard/dist/server/replay.js', import.meta.url));
const PAGE_BUILD = fileURLToPath(new URL('../../../dashboard/.next/BUILD_ID', import.meta.url));

export const replay: CommandDefinition = (program) => {
  program
    .command('replay <trace>')
    .description('open a trace in the dashboard alone, with no bootstrap, nodes or tokens (as npm run replay); Ctrl-C stops it')
    .option('--port <port>', "the page's port", numberArg, 3000)
    .action(
      act(async (_context, file: string, options: { port: number }) => {
        if (!existsSync(resolve(file))) throw new CliError(`no trace at ${resolve(file)}`, EXIT.usage);
        if (!existsSync(REPLAY_ENTRY) || !existsSync(PAGE_BUILD)) throw new CliError('the dashboard is not built: run npm run build first', EXIT.usage);
        const server = spawn(process.execPath, [REPLAY_ENTRY, resolve(file), '--port', String(options.port)], { stdio: 'inherit' });
        // Ctrl-C reaches both (one process group); a SIGTERM to this one is passed on.
        const stop = () => server.kill('SIGTERM');
        process.once('SIGTERM', stop);
        const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) => server.once('exit', (c, s) => done([c, s])));
        process.off('SIGTERM', stop);
        if (code !== 0 && signal === null) throw new CliError(`the replay server stopped with exit code ${code}`, code === 2 ? EXIT.usage : EXIT.refused);
      }),
    );
};
