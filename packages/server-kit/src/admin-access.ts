import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpUrlSchema } from '@peerscope/protocol';
import { z } from 'zod';
import { ConfigError, type SettingSource } from './config.js';

/** Where `npm start` keeps its tokens and state logs: `.peerscope` in the folder it was started from. */
export const DEFAULT_DATA_DIR = '.peerscope';

/**
 * How a client of the admin API (the dashboard's server, the command line) finds the bootstrap
 * and its token: flag, then environment, then the token file the bootstrap or the launcher wrote
 * in the data folder (see `readSavedToken`). Spread into a client's own settings schema.
 */
export const AdminAccessSettingsSchema = z.object({
  bootstrapUrl: HttpUrlSchema.default('http://127.0.0.1:5000'),
  dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
  adminToken: z.string().min(16).optional(),
});

export const ADMIN_ACCESS_SOURCES = {
  bootstrapUrl: { flag: 'bootstrap', env: ['PEERSCOPE_BOOTSTRAP_URL'] },
  dataDir: { env: ['PEERSCOPE_DATA_DIR'] },
  adminToken: { env: ['PEERSCOPE_ADMIN_TOKEN'] },
} satisfies Record<keyof z.infer<typeof AdminAccessSettingsSchema>, SettingSource>;

/** A token the bootstrap saved in `<dataDir>/<name>` (`admin-token`, `cluster-token`); a ConfigError naming `setting` when there is none. */
export function readSavedToken(dataDir: string, name: string, setting: string): string {
  try {
    return readFileSync(join(dataDir, name), 'utf8').trim();
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    throw new ConfigError(`${setting} is not set and ${join(dataDir, name)} ${why}; start the bootstrap first or set ${setting}`);
  }
}
