import { CommanderError } from 'commander';
import { CliError, EXIT, type ExitCode } from './exit-codes.js';
import { createProgram } from './program.js';

/** Runs one command line; resolves with the exit code (exit-codes.ts). */
export async function runCli(argv: string[]): Promise<ExitCode> {
  try {
    await createProgram().parseAsync(argv);
    return EXIT.ok;
  } catch (err) {
    return report(err, argv.includes('--json'));
  }
}

function report(err: unknown, json: boolean): ExitCode {
  // Commander has printed its own message (or the help) already.
  if (err instanceof CommanderError) return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? EXIT.ok : EXIT.usage;
  if (err instanceof CliError) {
    process.stderr.write(`peerscope: ${err.message}\n`);
    // With --json the API's refusal goes to stdout too, as the answer it is.
    if (json && err.body !== undefined && err.exitCode === EXIT.refused) process.stdout.write(`${JSON.stringify(err.body)}\n`);
    return err.exitCode;
  }
  process.stderr.write(`peerscope: unexpected failure: ${(err as Error).stack ?? String(err)}\n`);
  return EXIT.unexpected;
}
