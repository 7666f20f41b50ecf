import { createLogger, exitOnStartError, stopEndsSession, stopOnSignals } from '@peerscope/server-kit';
import { createDashboardServer } from './dashboard-server.js';
import { loadDashboardConfig } from './config.js';

const logger = createLogger('dashboard');
try {
  const config = loadDashboardConfig();
  // Next serves the optimised build only in production mode.
  (process.env as Record<string, string>).NODE_ENV ??= config.dev ? 'development' : 'production';
  const dashboard = await createDashboardServer(config, logger);
  stopOnSignals((why) => dashboard.stop({ endsSession: stopEndsSession(why) }), logger, 5_000);
  const url = await dashboard.start();
  logger.info({ url }, 'dashboard ready');
  // Beyond loopback, acting needs a sign-in: this link is how the person who started it signs in.
  if (dashboard.signInUrl) logger.info({ signInUrl: dashboard.signInUrl }, 'sign in to act on the lab (others can watch)');
  process.send?.({ type: 'ready', url, ...(dashboard.signInUrl && { signInUrl: dashboard.signInUrl }) });
} catch (err) {
  exitOnStartError(err, 'peerscope dashboard', logger);
}
