#!/usr/bin/env node
import type { HostReadyMessage } from '@peerscope/protocol';
import { createLogger, exitOnStartError, stopOnSignals } from '@peerscope/server-kit';
import { createHostReporter, disabledReporter } from '@peerscope/telemetry';
import { createPoolHost } from './host-app.js';
import { loadHostConfig } from './host-config.js';

// One logger per host; each node logs through a child of it, named by its id.
let logger = createLogger('pool-host');
try {
  const config = loadHostConfig();
  logger = logger.child({ host: config.hostId });
  // One hub connection for all of this host's nodes; each node reports under its own id, with the ticket its start brought.
  const telemetry = createHostReporter({
    hubUrl: config.hostCredential ? config.node.hubUrl : undefined,
    hostId: config.hostId,
    credential: config.hostCredential ?? '',
    maxMessageEventsPerSecond: config.node.telemetryMessageEventsPerS || Infinity,
    onClaimRefused: (id, error) => logger.warn({ node: id, error: error.message }, "the hub refused a node's report ticket"),
  });
  const reporterFor = (id: string, ticket: string | undefined) => (ticket ? telemetry.forNode(id, ticket) : disabledReporter);
  const host = createPoolHost(config, { logger, reporterFor });
  // Owner gone (its IPC channel closed, even after kill -9): every node stops, then the host.
  stopOnSignals(() => host.stop().finally(() => telemetry.close()), logger, 10_000);
  const url = await host.start();
  const ready: HostReadyMessage = { type: 'ready', host: config.hostId, url, pid: process.pid };
  process.send?.(ready);
} catch (err) {
  exitOnStartError(err, 'peerscope pool host', logger);
}
