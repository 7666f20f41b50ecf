import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';
import { EXIT_CODES_HELP } from './exit-codes.js';

const WHERE_HELP = `
Where it looks (as the dashboard does): --bootstrap, else PEERSCOPE_BOOTSTRAP_URL, else http://127.0.0.1:5000;
--dashboard, else PEERSCOPE_DASHBOARD_URL, else http://127.0.0.1:3000; the admin token in
PEERSCOPE_ADMIN_TOKEN, else <data dir>/admin-token, saved there by \`npm start\` (data dir: --data-dir,
else PEERSCOPE_DATA_DIR, else .peerscope in the current folder).`;

/** The `peerscope` command line: global options, then one command per file (commands/index.ts). */
export function createProgram(): Command {
  const program = new Command('peerscope')
    .description('Drive and watch a running peerscope lab from the terminal (start one with `npm start`).')
    .option('--json', "print the API's answer as JSON, one object per line")
    .option('--bootstrap <url>', "the bootstrap's url")
    .option('--dashboard <url>', "the dashboard's url (for watch)")
    .option('--data-dir <dir>', 'where `npm start` saved the admin token')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `${WHERE_HELP}\n${EXIT_CODES_HELP}`)
    .showHelpAfterError('(add --help for usage)')
    // Usage errors are thrown, not exited on, so that they end with exit code 2 (run.ts).
    .exitOverride();
  for (const define of COMMANDS) define(program);
  return program;
}
