import { parseArgs } from 'node:util';
import { firstSet, parseConfig } from '@peerscope/server-kit';
import { z } from 'zod';

const ConfigSchema = z.object({
  nodes: z.coerce.number().int().min(0).max(50).default(5),
  bootstrapPort: z.coerce.number().int().min(0).max(65535).default(5000),
  dashboardPort: z.coerce.number().int().min(0).max(65535).default(3000),
  runtime: z.string().default('process'),
  dashboard: z.boolean().default(true),
  dataDir: z.string().min(1).default('.peerscope'),
});
export type LauncherConfig = z.infer<typeof ConfigSchema>;

const NAMES: Record<keyof LauncherConfig, string> = {
  nodes: '--nodes / PEERSCOPE_NODES',
  bootstrapPort: '--port / PEERSCOPE_BOOTSTRAP_PORT',
  dashboardPort: '--dashboard-port / PEERSCOPE_DASHBOARD_PORT',
  runtime: '--runtime / PEERSCOPE_RUNTIME',
  dashboard: '--no-dashboard',
  dataDir: 'PEERSCOPE_DATA_DIR',
};

export function loadLauncherConfig(argv = process.argv.slice(2), env = process.env): LauncherConfig {
  const { values: flags } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string' },
      port: { type: 'string' },
      'dashboard-port': { type: 'string' },
      runtime: { type: 'string' },
      'no-dashboard': { type: 'boolean' },
    },
  });
  return parseConfig(
    ConfigSchema,
    {
      nodes: firstSet(flags.nodes, env.PEERSCOPE_NODES),
      bootstrapPort: firstSet(flags.port, env.PEERSCOPE_BOOTSTRAP_PORT),
      dashboardPort: firstSet(flags['dashboard-port'], env.PEERSCOPE_DASHBOARD_PORT),
      runtime: firstSet(flags.runtime, env.PEERSCOPE_RUNTIME),
      dashboard: !flags['no-dashboard'],
      dataDir: firstSet(env.PEERSCOPE_DATA_DIR),
    },
    NAMES,
  );
}
