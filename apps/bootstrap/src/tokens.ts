import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ResolvedToken {
  value: string;
  /** Where a generated token was written, for the user to read; undefined when it was given. */
  file?: string;
}

/** The given token, or a new one written to `<dataDir>/<name>` readable only by this user. */
export function resolveToken(given: string | undefined, dataDir: string, name: string): ResolvedToken {
  if (given) return { value: given };
  const value = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, name);
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, file };
}
