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
import { TRACE_DEFAULTS, type TraceSettings } from './trace/trace-settings.js';

const OnOffSchema = z
  .enum(['on', 'off', '1', '0', 'true', 'false'])
  .default('on')
  .transform((value) => value === 'on' || value === '1' || value === 'true');

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
  /** The hub's trace (server/trace/): `on` (default) records every event under `traceDir`, `off` records nothing. */
  trace: OnOffSchema,
  /** `off` writes message texts empty in the trace (a classroom may not want them on disk). */
  traceTexts: OnOffSchema,
  /** Where trace segments go; default `<dataDir>/traces`. */
  traceDir: z.string().min(1).optional(),
  /** A trace segment's size in MB, and how many segments are kept (all sessions together). */
  traceSegmentMb: z.coerce
    .number()
    .positive()
    .max(4096)
    .default(TRACE_DEFAULTS.segmentBytes / 1024 / 1024),
  traceSegments: z.coerce.number().int().min(1).max(1000).default(TRACE_DEFAULTS.keepSegments),
  /** Connections its server holds at most (a flood past it is closed as it arrives); default: below the open-file limit. */
  maxConnections: z.coerce.number().int().min(16).max(1_000_000).optional(),
});
type RawConfig = z.output<typeof ConfigSchema>;
export type DashboardConfig = Omit<
  RawConfig,
  'adminToken' | 'clusterToken' | 'hubState' | 'trace' | 'traceTexts' | 'traceDir' | 'traceSegmentMb' | 'traceSegments'
> & {
  adminToken: string;
  clusterToken: string;
  /** The state log's path, or undefined when it is off. */
  hubState: string | undefined;
  /** How the trace is recorded, or undefined when it is off. */
  trace: TraceSettings | undefined;
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
  trace: { env: ['PEERSCOPE_TRACE'] },
  traceTexts: { env: ['PEERSCOPE_TRACE_TEXTS'] },
  traceDir: { env: ['PEERSCOPE_TRACE_DIR'] },
  traceSegmentMb: { env: ['PEERSCOPE_TRACE_SEGMENT_MB'] },
  traceSegments: { env: ['PEERSCOPE_TRACE_SEGMENTS'] },
  maxConnections: { env: ['PEERSCOPE_MAX_CONNECTIONS'] },
};

/** Flags, then environment, then the token files the bootstrap wrote, then defaults. */
export function loadDashboardConfig(argv = process.argv.slice(2), env = process.env): DashboardConfig {
  const { trace, traceTexts, traceDir, traceSegmentMb, traceSegments, ...config } = loadSettings(ConfigSchema, SOURCES, argv, env);
  return {
    ...config,
    trace: trace
      ? {
          ...TRACE_DEFAULTS,
          dir: traceDir ?? join(config.dataDir, 'traces'),
          texts: traceTexts,
          segmentBytes: Math.round(traceSegmentMb * 1024 * 1024),
          keepSegments: traceSegments,
        }
      : undefined,
    adminToken: config.adminToken ?? readSavedToken(config.dataDir, 'admin-token', 'PEERSCOPE_ADMIN_TOKEN'),
    clusterToken: config.clusterToken ?? readSavedToken(config.dataDir, 'cluster-token', 'PEERSCOPE_CLUSTER_TOKEN'),
    hubState: config.hubState === 'off' ? undefined : (config.hubState ?? join(config.dataDir, 'hub-state.log')),
  };
}
