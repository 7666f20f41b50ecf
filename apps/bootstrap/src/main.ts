#!/usr/bin/env node
import { createLogger, exitOnStartError, stopEndsSession, stopOnSignals, SUPERVISED_BY_VARIABLE } from '@peerscope/server-kit';
import { createTelemetryReporter } from '@peerscope/telemetry';
import { createBootstrap } from './app.js';
import { printBanner } from './banner.js';
import { openBootstrapState } from './bootstrap-state.js';
import { bootstrapUrlOf, loadBootstrapConfig } from './config.js';
import { createRuntime } from './runtimes/index.js';
import { neighbourTableAdvice } from './runtimes/neighbour-table.js';
import { OWNER_VARIABLE } from './runtimes/owner-messages.js';
import { resolveToken } from './tokens.js';

const logger = createLogger('bootstrap');
try {
  const config = loadBootstrapConfig();
  const admin = resolveToken(config.adminToken, config.dataDir, 'admin-token');
  const cluster = resolveToken(config.clusterToken, config.dataDir, 'cluster-token');
  // Nodes need the bootstrap's url, known only once it listens (the port may be 0).
  let bootstrapUrl = '';
  const runtime = createRuntime(config, () => ({ bootstrapUrl, clusterToken: cluster.value }));
  const tableAdvice = config.runtime === 'docker' ? neighbourTableAdvice(config.maxNodes) : undefined;
  if (tableAdvice) logger.warn(tableAdvice);
  const reporter = createTelemetryReporter({ hubUrl: config.hubUrl, token: cluster.value, source: 'bootstrap' });
  // Only a supervised bootstrap may crash itself on request: the launcher, or Docker's restart policy, brings it back.
  const supervised = (process.env[OWNER_VARIABLE] === 'launcher' && process.send !== undefined) || process.env[SUPERVISED_BY_VARIABLE] === 'docker';
  const crash = supervised ? () => process.kill(process.pid, 'SIGKILL') : undefined;
  const state = config.bootstrapState ? await openBootstrapState(config.bootstrapState, config.resetState, logger) : undefined;
  const bootstrap = createBootstrap({ config, adminToken: admin.value, runtime, reporter, logger, crash, state });
  // Long enough for the runtime to stop every node it started.
  stopOnSignals((why) => bootstrap.stop({ endsSession: stopEndsSession(why) }), logger, 30_000);

  const port = await bootstrap.start();
  bootstrapUrl = bootstrapUrlOf(config, port);
  // A bootstrap restarted under the launcher adopted the nodes of the one before: the network is there already.
  const adopted = (await runtime.list()).length;
  const nodes = config.nodes > 0 && adopted === 0 ? await bootstrap.manager.startNodes(config.nodes) : [];
  // A launcher (or a test) that started this process prints its own summary.
  if (process.send) process.send({ type: 'ready', bootstrapUrl, nodes });
  else printBanner({ bootstrapUrl, runtime: runtime.name, admin, nodes });
} catch (err) {
  exitOnStartError(err, 'peerscope bootstrap', logger);
}
