#!/usr/bin/env node
import { ConfigError, createLogger } from '@peerscope/server-kit';
import { createNodeApp } from './app.js';
import { loadNodeConfig } from './config.js';
import { exitWith, stopOnSignals } from './lifecycle.js';

const logger = createLogger('node');
try {
  const node = createNodeApp(loadNodeConfig(), logger);
  stopOnSignals(node, logger);
  await node.start();
} catch (err) {
  exitWith(err, logger, err instanceof ConfigError ? 2 : 1);
}
