import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, processExists } from '@peerscope/server-kit';

/** The file naming the launcher that uses a data folder. */
export const lockPath = (dataDir: string): string => join(dataDir, 'launcher.pid');

function holder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Claims the data folder for this launcher, or refuses: a second `npm start` from the same folder
 * restored, appended to and at its stop deleted the first one's session state (the bootstrap's and
 * the hub's logs), and its network reported into the first one's dashboard. A claim left by a
 * launcher that no longer runs (`kill -9`) is taken over. Returns the release.
 */
export function claimDataDir(dataDir: string, pid = process.pid, alive: (pid: number) => boolean = processExists): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = lockPath(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return () => {
        if (holder(path) === pid) rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = holder(path);
      if (other !== undefined && other !== pid && alive(other)) {
        throw new ConfigError(
          `another peerscope launcher (pid ${other}) runs from the data folder ${dataDir}; stop it first (Ctrl-C there), or give this one its own PEERSCOPE_DATA_DIR`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new ConfigError(`could not claim the data folder ${dataDir} (${path} keeps coming back)`);
}
