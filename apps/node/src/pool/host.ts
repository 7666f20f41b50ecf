#!/usr/bin/env node
import type { HostReadyMessage } from '@peerscope/protocol';
import { createLogger, exitOnStartError, stopOnSignals } from '@peerscope/server-kit';
import { createPoolHost } from './host-app.js';
import { loadHostConfig } from './host-config.js';

// One logger per host; each node logs through a child of it, named by its id.
let logger = createLogger('pool-host');
try {
  const config = loadHostConfig();
  logger = logger.child({ host: config.hostId });
  const host = createPoolHost(config, { logger });
  // Owner gone (its IPC channel closed, even after kill -9): every node stops, then the host.
  stopOnSignals(() => host.stop(), logger, 10_000);
  const url = await host.start();
  const ready: HostReadyMessage = { type: 'ready', host: config.hostId, url, pid: process.pid };
  process.send?.(ready);
} catch (err) {
  exitOnStartError(err, 'peerscope pool host', logger);
}
