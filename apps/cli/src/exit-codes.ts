/** How the command line ends; documented in `peerscope --help` and the README. */
export const EXIT = {
  ok: 0,
  /** The API refused (its error code is printed), or the action did not succeed (a send that failed). */
  refused: 1,
  /** The command line was used wrongly, or a setting (url, token) is missing or invalid. */
  usage: 2,
  /** The bootstrap or the dashboard could not be reached, or did not answer in time. */
  unreachable: 3,
  /** An answer that is not the documented shape, or a bug here. */
  unexpected: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  the API refused (its code and message are printed), or a message was not delivered
  2  usage: a wrong argument or option, or a missing setting (bootstrap url, admin token)
  3  the bootstrap or the dashboard cannot be reached
  4  an answer that is not the documented shape`;

/** A failure the command line reports: a line for the person, an exit code, and the API's error body when there was one. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly body?: unknown,
  ) {
    super(message);
  }
}
