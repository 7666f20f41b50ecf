import { loadSettings, type SettingSource } from '@peerscope/server-kit';
import { z } from 'zod';
import { loadNodeConfig, type NodeConfig } from '../config.js';

const HostSettingsSchema = z.object({
  hostId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'use lowercase letters, digits, "_", "." or "-"')
    .default('pool-host'),
  hostToken: z.string({ error: 'required: the token the host control API asks for' }).min(16, 'use at least 16 characters').max(256),
  /** What the host shows the hub (derived from the cluster token by whoever starts the host); none: no telemetry. */
  hostCredential: z.string().max(256).optional(),
  maxNodes: z.coerce.number().int().min(1).max(5_000).default(250),
  /** Messages (and gossip hops) this host's nodes have under way at once, all together; 0: no bound. */
  maxPeerRequests: z.coerce.number().int().min(0).max(100_000).default(64),
});

const SOURCES: Record<keyof z.infer<typeof HostSettingsSchema>, SettingSource> = {
  hostId: { env: ['PEERSCOPE_HOST_ID'] },
  hostToken: { env: ['PEERSCOPE_HOST_TOKEN'] },
  hostCredential: { env: ['PEERSCOPE_HOST_CREDENTIAL'] },
  maxNodes: { env: ['PEERSCOPE_POOL_NODES_PER_HOST'] },
  maxPeerRequests: { env: ['PEERSCOPE_POOL_MAX_PEER_REQUESTS'] },
};

export type HostConfig = z.infer<typeof HostSettingsSchema> & {
  /** What every node of this host shares: the node settings a runtime passes (bootstrap, hub, timeouts). */
  node: NodeConfig;
};

/**
 * The host's own settings, and the node settings from the same environment a process node reads.
 * Each node then gets its id and control token from its start request, and a loopback port of its own.
 */
export function loadHostConfig(env = process.env): HostConfig {
  const node = loadNodeConfig([], env);
  return { ...loadSettings(HostSettingsSchema, SOURCES, [], env), node: { ...node, host: '127.0.0.1', port: 0, publicUrl: undefined } };
}
