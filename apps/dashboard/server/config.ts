import { join } from 'node:path';
import {
  ADMIN_ACCESS_SOURCES,
  AdminAccessSettingsSchema,
  loadSettings,
  readSavedToken,
  RESET_STATE_VARIABLE,
  SwitchSettingSchema,
  type SettingSource,
} from '@peerscope/server-kit';
import { z } from 'zod';

const ConfigSchema = AdminAccessSettingsSchema.extend({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  clusterToken: z.string().min(16).optional(),
  dev: z.boolean().default(false),
  /** Host names (`name` at the dashboard's port, or `name:port`) a browser may use besides loopback and the listen address. */
  allowedHosts: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Whether acting needs a sign-in: `auto` asks it when the dashboard listens beyond loopback. */
  auth: z.enum(['auto', 'required', 'off']).default('auto'),
  password: z.string().min(8).optional(),
  /** `window.__peerscope` on the page, for the e2e suite, benchmarks and the soak: read at start, so one build serves tests and users. */
  testHook: z.stringbool().default(false),
  /** The hub's state log (picture, counters, report ledger); `off` keeps it in memory only. Default `<dataDir>/hub-state.log`. */
  hubState: z.string().min(1).optional(),
  /** Set a state log that cannot be read aside and start clean, instead of refusing to start. */
  resetState: SwitchSettingSchema,
  /** Set: `GET /metrics` answers only to `Authorization: Bearer <token>`. */
  metricsToken: z.string().min(16, 'use at least 16 characters').max(256).optional(),
});
type RawConfig = z.output<typeof ConfigSchema>;
export type DashboardConfig = Omit<RawConfig, 'adminToken' | 'clusterToken' | 'hubState'> & {
  adminToken: string;
  clusterToken: string;
  /** The state log's path, or undefined when it is off. */
  hubState: string | undefined;
};

const SOURCES: Record<keyof RawConfig, SettingSource> = {
  ...ADMIN_ACCESS_SOURCES,
  host: { flag: 'host', env: ['PEERSCOPE_DASHBOARD_HOST'] },
  port: { flag: 'port', env: ['PEERSCOPE_DASHBOARD_PORT'] },
  clusterToken: { env: ['PEERSCOPE_CLUSTER_TOKEN'] },
  dev: { flag: 'dev', boolean: true },
  allowedHosts: { env: ['PEERSCOPE_DASHBOARD_ALLOWED_HOSTS'] },
  auth: { flag: 'auth', env: ['PEERSCOPE_DASHBOARD_AUTH'] },
  password: { env: ['PEERSCOPE_DASHBOARD_PASSWORD'] },
  testHook: { env: ['PEERSCOPE_TEST_HOOK'] },
  hubState: { env: ['PEERSCOPE_HUB_STATE'] },
  resetState: { flag: 'reset-state', boolean: true, env: [RESET_STATE_VARIABLE] },
  metricsToken: { env: ['PEERSCOPE_METRICS_TOKEN'] },
};

/** Flags, then environment, then the token files the bootstrap wrote, then defaults. */
export function loadDashboardConfig(argv = process.argv.slice(2), env = process.env): DashboardConfig {
  const config = loadSettings(ConfigSchema, SOURCES, argv, env);
  return {
    ...config,
    adminToken: config.adminToken ?? readSavedToken(config.dataDir, 'admin-token', 'PEERSCOPE_ADMIN_TOKEN'),
    clusterToken: config.clusterToken ?? readSavedToken(config.dataDir, 'cluster-token', 'PEERSCOPE_CLUSTER_TOKEN'),
    hubState: config.hubState === 'off' ? undefined : (config.hubState ?? join(config.dataDir, 'hub-state.log')),
  };
}
