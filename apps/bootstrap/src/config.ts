import { HttpUrlSchema } from '@peerscope/protocol';
import { AllowedNetworksSchema, loadSettings, RESET_STATE_VARIABLE, SwitchSettingSchema, type SettingSource } from '@peerscope/server-kit';
import { DEFAULT_MESSAGE_EVENTS_PER_SECOND } from '@peerscope/telemetry';
import { z } from 'zod';

/** Most nodes each runtime runs unless PEERSCOPE_MAX_NODES says otherwise: what fits its cost on one machine. */
export const DEFAULT_MAX_NODES = { process: 100, docker: 100, pool: 2_000 } as const;
export type RuntimeName = keyof typeof DEFAULT_MAX_NODES;
export const RuntimeNameSchema = z.enum(['process', 'docker', 'pool']);

/** The nodes at start must fit the runtime's bound (set, or its default). */
export function checkNodesFit(config: { nodes: number; runtime: RuntimeName; maxNodes?: number | undefined }, ctx: z.RefinementCtx): void {
  const max = config.maxNodes ?? DEFAULT_MAX_NODES[config.runtime];
  if (config.nodes > max) {
    ctx.addIssue({ code: 'custom', path: ['nodes'], message: `at most ${max} nodes on the ${config.runtime} runtime (PEERSCOPE_MAX_NODES)` });
  }
}

const ms = (fallback: number) => z.coerce.number().int().min(10).max(3_600_000).default(fallback);

const ConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(5000),
    publicUrl: HttpUrlSchema.optional(),
    nodes: z.coerce.number().int().min(0).max(20_000).default(0),
    runtime: RuntimeNameSchema.default('process'),
    overlay: z.enum(['full', 'partial', 'ring']).default('full'),
    overlayK: z.coerce.number().int().min(1).max(20).default(3),
    nodeImage: z.string().min(1).default('peerscope-node'),
    dockerNetwork: z.string().min(1).default('peerscope'),
    clusterId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'use lowercase letters, digits, "_", "." or "-"')
      .default('peerscope'),
    adminToken: z.string().min(16, 'use at least 16 characters').optional(),
    clusterToken: z.string().min(16, 'use at least 16 characters').optional(),
    hubUrl: HttpUrlSchema.optional(),
    dataDir: z.string().min(1).default('.peerscope'),
    /** The state log (registry, faults, overlay, traffic) that a restarted bootstrap comes back from; unset: none. */
    bootstrapState: z.string().min(1).optional(),
    /** Set a state log that cannot be read aside and start clean, instead of refusing to start. */
    resetState: SwitchSettingSchema,
    heartbeatMs: ms(1_000),
    suspectAfterMs: ms(2_000),
    deadAfterMs: ms(3_000),
    forgetAfterMs: ms(300_000),
    classicProbeMs: ms(2_000),
    allowedNetworks: AllowedNetworksSchema,
    /** Unset: the runtime's default (DEFAULT_MAX_NODES). */
    maxNodes: z.coerce.number().int().min(1).max(20_000).optional(),
    poolNodesPerHost: z.coerce.number().int().min(1).max(5_000).default(250),
    poolMaxPeerRequests: z.coerce.number().int().min(0).max(100_000).default(64),
    poolHosts: z.coerce.number().int().min(1).max(64).default(1),
    maxRegistered: z.coerce.number().int().min(1).max(100_000).default(2_000),
    /** Connections its server holds at most (a flood past it is closed as it arrives); default: below the open-file limit. */
    maxConnections: z.coerce.number().int().min(16).max(1_000_000).optional(),
    maxClassic: z.coerce.number().int().min(0).max(100_000).default(200),
    classicRegisterRate: z.coerce.number().min(0.1).max(100_000).default(20),
    nodeRegisterRate: z.coerce.number().min(0.1).max(100_000).default(200),
    messageTimeoutMs: z.coerce.number().int().min(50).max(60_000).default(2_000),
    telemetryMessageEventsPerS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_MESSAGE_EVENTS_PER_SECOND),
    startTimeoutMs: ms(15_000),
    nodeLogLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
    /** Set: `GET /metrics` answers only to `Authorization: Bearer <token>`. */
    metricsToken: z.string().min(16, 'use at least 16 characters').max(256).optional(),
  })
  .refine((c) => c.suspectAfterMs > c.heartbeatMs, { path: ['suspectAfterMs'], message: 'must be longer than the heartbeat interval' })
  .refine((c) => c.deadAfterMs > c.suspectAfterMs, { path: ['deadAfterMs'], message: 'must be longer than the suspect threshold' })
  .refine((c) => c.runtime !== 'docker' || c.publicUrl !== undefined, {
    path: ['publicUrl'],
    message: 'the docker runtime needs the url containers reach the bootstrap at, e.g. http://bootstrap:5000',
  })
  .superRefine(checkNodesFit)
  .transform((c) => ({ ...c, maxNodes: c.maxNodes ?? DEFAULT_MAX_NODES[c.runtime] }));

export type BootstrapConfig = z.infer<typeof ConfigSchema>;

const SOURCES: Record<keyof BootstrapConfig, SettingSource> = {
  host: { flag: 'host', env: ['PEERSCOPE_BOOTSTRAP_HOST'] },
  port: { flag: 'port', env: ['PEERSCOPE_BOOTSTRAP_PORT'] },
  publicUrl: { env: ['PEERSCOPE_BOOTSTRAP_URL'] },
  nodes: { flag: 'nodes', env: ['PEERSCOPE_NODES'] },
  runtime: { flag: 'runtime', env: ['PEERSCOPE_RUNTIME'] },
  overlay: { flag: 'overlay', env: ['PEERSCOPE_OVERLAY'] },
  overlayK: { flag: 'overlay-k', env: ['PEERSCOPE_OVERLAY_K'] },
  nodeImage: { env: ['PEERSCOPE_NODE_IMAGE'] },
  dockerNetwork: { env: ['PEERSCOPE_DOCKER_NETWORK'] },
  clusterId: { env: ['PEERSCOPE_CLUSTER_ID'] },
  adminToken: { env: ['PEERSCOPE_ADMIN_TOKEN'] },
  clusterToken: { env: ['PEERSCOPE_CLUSTER_TOKEN'] },
  hubUrl: { env: ['PEERSCOPE_HUB_URL'] },
  dataDir: { env: ['PEERSCOPE_DATA_DIR'] },
  bootstrapState: { env: ['PEERSCOPE_BOOTSTRAP_STATE'] },
  resetState: { flag: 'reset-state', boolean: true, env: [RESET_STATE_VARIABLE] },
  heartbeatMs: { env: ['PEERSCOPE_HEARTBEAT_MS'] },
  suspectAfterMs: { env: ['PEERSCOPE_SUSPECT_AFTER_MS'] },
  deadAfterMs: { env: ['PEERSCOPE_DEAD_AFTER_MS'] },
  forgetAfterMs: { env: ['PEERSCOPE_FORGET_AFTER_MS'] },
  classicProbeMs: { env: ['PEERSCOPE_CLASSIC_PROBE_MS'] },
  allowedNetworks: { env: ['PEERSCOPE_ALLOWED_NETWORKS'] },
  maxNodes: { env: ['PEERSCOPE_MAX_NODES'] },
  poolNodesPerHost: { env: ['PEERSCOPE_POOL_NODES_PER_HOST'] },
  poolMaxPeerRequests: { env: ['PEERSCOPE_POOL_MAX_PEER_REQUESTS'] },
  poolHosts: { env: ['PEERSCOPE_POOL_HOSTS'] },
  maxRegistered: { env: ['PEERSCOPE_MAX_REGISTERED'] },
  maxConnections: { env: ['PEERSCOPE_MAX_CONNECTIONS'] },
  maxClassic: { env: ['PEERSCOPE_MAX_CLASSIC'] },
  classicRegisterRate: { env: ['PEERSCOPE_CLASSIC_REGISTER_RATE'] },
  nodeRegisterRate: { env: ['PEERSCOPE_NODE_REGISTER_RATE'] },
  messageTimeoutMs: { env: ['PEERSCOPE_MESSAGE_TIMEOUT_MS'] },
  telemetryMessageEventsPerS: { env: ['PEERSCOPE_TELEMETRY_MESSAGE_EVENTS_PER_S'] },
  startTimeoutMs: { env: ['PEERSCOPE_START_TIMEOUT_MS'] },
  nodeLogLevel: { env: ['PEERSCOPE_NODE_LOG_LEVEL'] },
  metricsToken: { env: ['PEERSCOPE_METRICS_TOKEN'] },
};

/** Flags, then environment, then defaults; parsed once at start. */
export function loadBootstrapConfig(argv = process.argv.slice(2), env = process.env): BootstrapConfig {
  return loadSettings(ConfigSchema, SOURCES, argv, env);
}

/** The url nodes use to reach this bootstrap. */
export function bootstrapUrlOf(config: BootstrapConfig, port: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
