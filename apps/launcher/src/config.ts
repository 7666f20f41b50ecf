import { checkNodesFit, RuntimeNameSchema } from '@peerscope/bootstrap';
import { DEFAULT_DATA_DIR, loadSettings, type SettingSource } from '@peerscope/server-kit';
import { z } from 'zod';

const ConfigSchema = z
  .object({
    nodes: z.coerce.number().int().min(0).max(20_000).default(5),
    bootstrapPort: z.coerce.number().int().min(0).max(65535).default(5000),
    dashboardPort: z.coerce.number().int().min(0).max(65535).default(3000),
    runtime: RuntimeNameSchema.default('process'),
    overlay: z.enum(['full', 'partial', 'ring']).default('full'),
    overlayK: z.coerce.number().int().min(1).max(20).default(3),
    noDashboard: z.boolean().default(false),
    /** How the parts' logs are shown (log-output.ts); unset: readable at a terminal, JSON elsewhere. */
    logFormat: z.enum(['json', 'pretty']).optional(),
    dataDir: z.string().min(1).default(DEFAULT_DATA_DIR),
    /** Read to check `--nodes` here, as the bootstrap will; it reaches the bootstrap through the environment. */
    maxNodes: z.coerce.number().int().min(1).max(20_000).optional(),
  })
  .superRefine(checkNodesFit);
export type LauncherConfig = z.infer<typeof ConfigSchema>;

const SOURCES: Record<keyof LauncherConfig, SettingSource> = {
  nodes: { flag: 'nodes', env: ['PEERSCOPE_NODES'] },
  bootstrapPort: { flag: 'port', env: ['PEERSCOPE_BOOTSTRAP_PORT'] },
  dashboardPort: { flag: 'dashboard-port', env: ['PEERSCOPE_DASHBOARD_PORT'] },
  runtime: { flag: 'runtime', env: ['PEERSCOPE_RUNTIME'] },
  overlay: { flag: 'overlay', env: ['PEERSCOPE_OVERLAY'] },
  overlayK: { flag: 'overlay-k', env: ['PEERSCOPE_OVERLAY_K'] },
  noDashboard: { flag: 'no-dashboard', boolean: true },
  logFormat: { env: ['PEERSCOPE_LOG_FORMAT'] },
  dataDir: { env: ['PEERSCOPE_DATA_DIR'] },
  maxNodes: { env: ['PEERSCOPE_MAX_NODES'] },
};

export function loadLauncherConfig(argv = process.argv.slice(2), env = process.env): LauncherConfig {
  return loadSettings(ConfigSchema, SOURCES, argv, env);
}
