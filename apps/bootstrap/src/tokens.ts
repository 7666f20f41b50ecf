import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResolvedToken {
  value: string;
  /** Where a generated token was written, for the user to read; undefined when it was given. */
  file?: string;
}

const MIN_LENGTH = 16;

/**
 * The given token; else the one saved in `<dataDir>/<name>` by an earlier start (so a person's
 * commands and a running dashboard keep working across restarts); else a new one, saved there
 * readable only by this user.
 */
export function resolveToken(given: string | undefined, dataDir: string, name: string): ResolvedToken {
  if (given) return { value: given };
  const file = join(dataDir, name);
  const saved = readSaved(file);
  if (saved) return { value: saved, file };
  const value = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  giveToDirectoryOwner(dataDir, file);
  return { value, file };
}

/**
 * Run as root (the compose bootstrap, for the Docker socket), a token file still belongs to
 * whoever owns the data folder, so the dashboard's unprivileged user can read it.
 */
function giveToDirectoryOwner(dataDir: string, file: string): void {
  if (process.getuid?.() !== 0) return;
  const { uid, gid } = statSync(dataDir);
  chownSync(file, uid, gid);
}

function readSaved(file: string): string | undefined {
  try {
    const value = readFileSync(file, 'utf8').trim();
    return value.length >= MIN_LENGTH ? value : undefined;
  } catch {
    return undefined;
  }
}
