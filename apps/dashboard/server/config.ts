import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HttpUrlSchema } from '@peerscope/protocol';
import { ConfigError, firstSet, parseConfig } from '@peerscope/server-kit';
import { z } from 'zod';

const ConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  bootstrapUrl: HttpUrlSchema.default('http://127.0.0.1:5000'),
  dataDir: z.string().min(1).default('.peerscope'),
  adminToken: z.string().min(16).optional(),
  clusterToken: z.string().min(16).optional(),
  dev: z.boolean().default(false),
});
type RawConfig = z.infer<typeof ConfigSchema>;
export type DashboardConfig = Omit<RawConfig, 'adminToken' | 'clusterToken'> & { adminToken: string; clusterToken: string };

const NAMES: Record<keyof RawConfig, string> = {
  host: '--host / PEERSCOPE_DASHBOARD_HOST',
  port: '--port / PEERSCOPE_DASHBOARD_PORT',
  bootstrapUrl: '--bootstrap / PEERSCOPE_BOOTSTRAP_URL',
  dataDir: 'PEERSCOPE_DATA_DIR',
  adminToken: 'PEERSCOPE_ADMIN_TOKEN',
  clusterToken: 'PEERSCOPE_CLUSTER_TOKEN',
  dev: '--dev',
};

/** Flags, then environment, then the token files the bootstrap wrote, then defaults. */
export function loadDashboardConfig(argv = process.argv.slice(2), env = process.env): DashboardConfig {
  const { values: flags } = parseArgs({
    args: argv,
    options: { host: { type: 'string' }, port: { type: 'string' }, bootstrap: { type: 'string' }, dev: { type: 'boolean' } },
  });
  const config = parseConfig(
    ConfigSchema,
    {
      host: firstSet(flags.host, env.PEERSCOPE_DASHBOARD_HOST),
      port: firstSet(flags.port, env.PEERSCOPE_DASHBOARD_PORT),
      bootstrapUrl: firstSet(flags.bootstrap, env.PEERSCOPE_BOOTSTRAP_URL),
      dataDir: firstSet(env.PEERSCOPE_DATA_DIR),
      adminToken: firstSet(env.PEERSCOPE_ADMIN_TOKEN),
      clusterToken: firstSet(env.PEERSCOPE_CLUSTER_TOKEN),
      dev: flags.dev ?? false,
    },
    NAMES,
  );
  return {
    ...config,
    adminToken: config.adminToken ?? readToken(config.dataDir, 'admin-token', 'PEERSCOPE_ADMIN_TOKEN'),
    clusterToken: config.clusterToken ?? readToken(config.dataDir, 'cluster-token', 'PEERSCOPE_CLUSTER_TOKEN'),
  };
}

function readToken(dataDir: string, name: string, setting: string): string {
  try {
    return readFileSync(join(dataDir, name), 'utf8').trim();
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read (${(err as Error).message})`;
    throw new ConfigError(`${setting} is not set and ${join(dataDir, name)} ${why}; start the bootstrap first or set ${setting}`);
  }
}
