import { rmSync } from 'node:fs';
import { join } from 'node:path';

/** Where the launcher tells the bootstrap to keep its state log. */
export const bootstrapStatePath = (dataDir: string): string => join(dataDir, 'bootstrap-state.log');

/**
 * Where the launcher tells the dashboard to keep its hub's state log: `PEERSCOPE_HUB_STATE` as
 * given, or the data folder's; none for `off` (the picture is kept in memory only).
 */
export function hubStatePath(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PEERSCOPE_HUB_STATE === 'off') return undefined;
  return env.PEERSCOPE_HUB_STATE || join(dataDir, 'hub-state.log');
}

/** The state logs a session leaves: the bootstrap's and the dashboard hub's. */
export function sessionStateFiles(dataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const hub = hubStatePath(dataDir, env);
  return [bootstrapStatePath(dataDir), ...(hub ? [hub] : [])];
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
