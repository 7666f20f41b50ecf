import { randomBytes } from 'node:crypto';
import { HttpUrlSchema, NodeIdSchema } from '@peerscope/protocol';
import { AllowedNetworksSchema, loadSettings, type SettingSource } from '@peerscope/server-kit';
import { DEFAULT_MESSAGE_EVENTS_PER_SECOND } from '@peerscope/telemetry';
import { z } from 'zod';

const ConfigSchema = z.object({
  id: NodeIdSchema.optional(),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  publicUrl: HttpUrlSchema.optional(),
  bootstrapUrl: HttpUrlSchema.default('http://127.0.0.1:5000'),
  controlToken: z
    .string()
    .min(16)
    .max(256)
    .default(() => randomBytes(24).toString('base64url')),
  hubUrl: HttpUrlSchema.optional(),
  clusterToken: z.string().default(''),
  messageTimeoutMs: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** Where this node may send (peers, the bootstrap): the bootstrap's policy, and the same default. */
  allowedNetworks: AllowedNetworksSchema,
  inboxSize: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** Message events reported one by one per second; past it they are counted per link. 0: every one. */
  telemetryMessageEventsPerS: z.coerce.number().int().min(0).max(1_000_000).default(DEFAULT_MESSAGE_EVENTS_PER_SECOND),
  /** With the course's own bootstrap (no heartbeats): how often the node registers again and asks its peers for theirs. */
  courseRefreshMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
});
export type NodeConfig = z.infer<typeof ConfigSchema>;

const SOURCES: Record<keyof NodeConfig, SettingSource> = {
  id: { flag: 'id', env: ['NODE_ID'] },
  host: { flag: 'host', env: ['HOST'] },
  port: { flag: 'port', env: ['PORT'] },
  publicUrl: { flag: 'public-url', env: ['PEERSCOPE_PUBLIC_URL'] },
  bootstrapUrl: { flag: 'bootstrap', env: ['BOOTSTRAP_URL'] },
  controlToken: { env: ['PEERSCOPE_CONTROL_TOKEN'] },
  hubUrl: { env: ['PEERSCOPE_HUB_URL'] },
  clusterToken: { env: ['PEERSCOPE_CLUSTER_TOKEN'] },
  messageTimeoutMs: { env: ['PEERSCOPE_MESSAGE_TIMEOUT_MS'] },
  allowedNetworks: { env: ['PEERSCOPE_ALLOWED_NETWORKS'] },
  inboxSize: { env: ['PEERSCOPE_INBOX_SIZE'] },
  telemetryMessageEventsPerS: { env: ['PEERSCOPE_TELEMETRY_MESSAGE_EVENTS_PER_S'] },
  courseRefreshMs: { env: ['PEERSCOPE_COURSE_REFRESH_MS'] },
};

/** Flags, then environment, then defaults. */
export function loadNodeConfig(argv = process.argv.slice(2), env = process.env): NodeConfig {
  return loadSettings(ConfigSchema, SOURCES, argv, env);
}
