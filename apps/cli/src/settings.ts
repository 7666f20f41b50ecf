import { HttpUrlSchema } from '@peerscope/protocol';
import { ADMIN_ACCESS_SOURCES, AdminAccessSettingsSchema, ConfigError, loadSettings, readSavedToken, type SettingSource } from '@peerscope/server-kit/settings';
import type { z } from 'zod';
import { CliError, EXIT } from './exit-codes.js';

/** The options every command takes (commander's names). */
export interface GlobalOptions {
  bootstrap?: string;
  dashboard?: string;
  dataDir?: string;
  json?: boolean;
}

/** The dashboard's own resolution of the bootstrap and its token, plus where the dashboard is (for `watch`). */
const CliSettingsSchema = AdminAccessSettingsSchema.extend({
  dashboardUrl: HttpUrlSchema.default('http://127.0.0.1:3000'),
});
export type CliSettings = z.infer<typeof CliSettingsSchema>;

const SOURCES: Record<keyof CliSettings, SettingSource> = {
  ...ADMIN_ACCESS_SOURCES,
  dataDir: { ...ADMIN_ACCESS_SOURCES.dataDir, flag: 'data-dir' },
  dashboardUrl: { flag: 'dashboard', env: ['PEERSCOPE_DASHBOARD_URL'] },
};

/** Flags (as commander parsed them), then environment, then defaults; a bad value is a usage error naming the setting. */
export function loadCliSettings(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): CliSettings {
  const argv = Object.entries({ bootstrap: options.bootstrap, dashboard: options.dashboard, 'data-dir': options.dataDir }).flatMap(([flag, value]) =>
    value === undefined ? [] : [`--${flag}`, value],
  );
  return asUsageError(() => loadSettings(CliSettingsSchema, SOURCES, argv, env));
}

/** PEERSCOPE_ADMIN_TOKEN, else the token the bootstrap saved in the data folder. */
export function adminTokenOf(settings: CliSettings): string {
  return settings.adminToken ?? asUsageError(() => readSavedToken(settings.dataDir, 'admin-token', 'PEERSCOPE_ADMIN_TOKEN'));
}

function asUsageError<T>(resolve: () => T): T {
  try {
    return resolve();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}
