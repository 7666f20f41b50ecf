import { InvalidArgumentError, type Command } from 'commander';
import { ApiClient } from './api-client.js';
import { Output } from './output.js';
import { adminTokenOf, loadCliSettings, type CliSettings, type GlobalOptions } from './settings.js';

/** What a command works with: where to print, the settings, and the admin API (its token read on first use). */
export interface CliContext {
  out: Output;
  settings: CliSettings;
  admin(): ApiClient;
}

/** One command: a function that adds itself to the program (one file each, listed in commands/index.ts). */
export type CommandDefinition = (program: Command) => void;

/**
 * A commander action with the context made from the global options. Commander passes the
 * arguments, then the options, then the command; `run` gets the context and all but the command.
 */
export function act<A extends unknown[]>(run: (context: CliContext, ...args: A) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const command = args.at(-1) as Command;
    await run(contextFor(command.optsWithGlobals<GlobalOptions>()), ...(args.slice(0, -1) as A));
  };
}

function contextFor(options: GlobalOptions): CliContext {
  const settings = loadCliSettings(options);
  let admin: ApiClient | undefined;
  return {
    out: new Output(Boolean(options.json)),
    settings,
    admin: () => (admin ??= new ApiClient(settings.bootstrapUrl, adminTokenOf(settings), 'the bootstrap', '--bootstrap / PEERSCOPE_BOOTSTRAP_URL')),
  };
}

/** Commander's parser for a numeric argument or option: a usage error when it is not a number. */
export function numberArg(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new InvalidArgumentError('not a number.');
  return number;
}

/** The words of a message given as several arguments (`send node1 node2 hello there`). */
export const textOf = (words: string[]) => words.join(' ');
