#!/usr/bin/env node
import { createLogger, exitOnStartError, stopOnSignals } from '@peerscope/server-kit';
import { createNodeApp } from './app.js';
import { loadNodeConfig } from './config.js';

const logger = createLogger('node');
try {
  const node = createNodeApp(loadNodeConfig(), { logger });
  stopOnSignals(() => node.stop(), logger, 3_000);
  await node.start();
} catch (err) {
  exitOnStartError(err, 'peerscope node', logger);
}
