import { fileURLToPath } from 'node:url';
import type { BootstrapConfig } from '../config.js';
import { DockerRuntime } from './docker.js';
import { LauncherProcessOwner } from './launcher-owner.js';
import { OWNER_VARIABLE } from './owner-messages.js';
import { PoolRuntime } from './pool.js';
import { ProcessRuntime } from './process.js';
import type { Runtime } from './runtime.js';

export type { Runtime, RuntimeNode } from './runtime.js';

export interface NodeSettings {
  bootstrapUrl: string;
  clusterToken: string;
}

/** The runtime the config names; `settingsOf` is read at each start (the port is known only after listening). */
export function createRuntime(config: BootstrapConfig, settingsOf: () => NodeSettings): Runtime {
  const env = (settings = settingsOf()): Record<string, string> => ({
    BOOTSTRAP_URL: settings.bootstrapUrl,
    PEERSCOPE_CLUSTER_TOKEN: settings.clusterToken,
    PEERSCOPE_MESSAGE_TIMEOUT_MS: String(config.messageTimeoutMs),
    PEERSCOPE_TELEMETRY_MESSAGE_EVENTS_PER_S: String(config.telemetryMessageEventsPerS),
    LOG_LEVEL: config.nodeLogLevel,
    // Nodes keep to the bootstrap's networks: what it will not reach, they will not either.
    PEERSCOPE_ALLOWED_NETWORKS: config.allowedNetworks.join(','),
    ...(config.hubUrl && { PEERSCOPE_HUB_URL: config.hubUrl }),
  });
  if (config.runtime === 'docker') {
    return new DockerRuntime({ image: config.nodeImage, network: config.dockerNetwork, clusterId: config.clusterId, env });
  }
  // Under the launcher, the launcher forks the nodes (or hosts) and holds their lifeline: they outlive this bootstrap.
  const owner = process.env[OWNER_VARIABLE] === 'launcher' && process.send ? new LauncherProcessOwner() : undefined;
  if (config.runtime === 'pool') {
    const hostEntry = fileURLToPath(import.meta.resolve('@peerscope/node/pool-host'));
    return new PoolRuntime({
      hostEntry,
      env,
      clusterToken: () => settingsOf().clusterToken,
      nodesPerHost: config.poolNodesPerHost,
      maxPeerRequests: config.poolMaxPeerRequests,
      hosts: config.poolHosts,
      owner,
    });
  }
  return new ProcessRuntime({ nodeEntry: fileURLToPath(import.meta.resolve('@peerscope/node/main')), env, owner });
}
