#!/usr/bin/env node
import { ConfigError, createLogger, PortInUseError } from '@peerscope/server-kit';
import { createTelemetryReporter } from '@peerscope/telemetry';
import { createBootstrap } from './app.js';
import { printBanner } from './banner.js';
import { bootstrapUrlOf, loadBootstrapConfig } from './config.js';
import { createRuntime } from './runtimes/index.js';
import { resolveToken } from './tokens.js';

const logger = createLogger('bootstrap');
try {
  const config = loadBootstrapConfig();
  const admin = resolveToken(config.adminToken, config.dataDir, 'admin-token');
  const cluster = resolveToken(config.clusterToken, config.dataDir, 'cluster-token');
  let bootstrapUrl = '';
  const runtime = createRuntime(config, () => ({ bootstrapUrl, clusterToken: cluster.value }));
  const reporter = createTelemetryReporter({ hubUrl: config.hubUrl, token: cluster.value, source: 'bootstrap' });
  const bootstrap = createBootstrap({ config, adminToken: admin.value, runtime, reporter, logger });

  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping');
    setTimeout(() => process.exit(1), 10_000).unref();
    bootstrap.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.send) process.once('disconnect', () => stop('parent exited'));

  const port = await bootstrap.start();
  bootstrapUrl = bootstrapUrlOf(config, port);
  const nodes = config.nodes > 0 ? await bootstrap.manager.startNodes(config.nodes) : [];
  // A launcher (or a test) that started this process prints its own summary.
  if (process.send) process.send({ type: 'ready', bootstrapUrl, nodes });
  else printBanner({ bootstrapUrl, runtime: runtime.name, admin, nodes });
} catch (err) {
  if (err instanceof ConfigError || err instanceof PortInUseError) {
    console.error(`peerscope bootstrap: ${err.message}`);
    process.exit(2);
  }
  logger.fatal({ err }, 'bootstrap failed');
  process.exit(1);
}
