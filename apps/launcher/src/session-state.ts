import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where the launcher tells the bootstrap to keep its state log. */
export const bootstrapStatePath = (dataDir: string): string => join(dataDir, 'bootstrap-state.log');

/**
 * The state logs a session leaves in the data folder: the bootstrap's and the dashboard hub's
 * (`PEERSCOPE_HUB_STATE`, which the dashboard reads from the environment it inherits, or its
 * default; `off` keeps none on disk).
 */
export function sessionStateFiles(dataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const hub = env.PEERSCOPE_HUB_STATE === 'off' ? [] : [env.PEERSCOPE_HUB_STATE || join(dataDir, 'hub-state.log')];
  return [bootstrapStatePath(dataDir), ...hub];
}

/**
 * Ends the session on disk once every part has stopped: after a stop of the launcher the next
 * start begins anew. Its parts may have kept their state: a SIGTERM sent to the whole process
 * group reaches each of them as a plain `kill` of that part alone would, which keeps it for the
 * restart (see stopEndsSession).
 */
export function endSession(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}
