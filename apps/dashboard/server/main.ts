import { ConfigError, createLogger, PortInUseError } from '@peerscope/server-kit';
import { createDashboardServer } from './dashboard-server.js';
import { loadDashboardConfig } from './config.js';

const logger = createLogger('dashboard');
try {
  const config = loadDashboardConfig();
  // Next serves the optimised build only in production mode.
  (process.env as Record<string, string>).NODE_ENV ??= config.dev ? 'development' : 'production';
  const dashboard = await createDashboardServer(config, logger);
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ why }, 'stopping');
    setTimeout(() => process.exit(1), 5_000).unref();
    dashboard.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (process.send) process.once('disconnect', () => stop('parent exited'));

  const url = await dashboard.start();
  logger.info({ url }, 'dashboard ready');
  process.send?.({ type: 'ready', url });
} catch (err) {
  if (err instanceof ConfigError || err instanceof PortInUseError) {
    console.error(`peerscope dashboard: ${err.message}`);
    process.exit(2);
  }
  logger.fatal({ err }, 'dashboard failed');
  process.exit(1);
}
