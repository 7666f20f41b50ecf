import { resolve } from 'node:path';
import { ConfigError, createLogger, exitOnStartError, loadSettings, stopOnSignals } from '@peerscope/server-kit';
import { z } from 'zod';
import { createReplayServer } from './replay-server.js';

// `npm run replay -- <trace> [--port 3000] [--host 127.0.0.1]`: the dashboard alone, replaying a trace.
const logger = createLogger('replay');
try {
  const trace = process.argv.slice(2).find((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!trace) throw new ConfigError('usage: npm run replay -- <trace.ndjson> [--port 3000] [--host 127.0.0.1]');
  const settings = loadSettings(
    z.object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.coerce.number().int().min(0).max(65535).default(3000),
      testHook: z.stringbool().default(false),
    }),
    {
      host: { flag: 'host', env: ['PEERSCOPE_DASHBOARD_HOST'] },
      port: { flag: 'port', env: ['PEERSCOPE_DASHBOARD_PORT'] },
      testHook: { env: ['PEERSCOPE_TEST_HOOK'] },
    },
    process.argv.slice(2).filter((arg) => arg !== trace),
    process.env,
  );
  (process.env as Record<string, string>).NODE_ENV ??= 'production';
  // npm runs scripts from the repository's root: a relative path is the caller's, in INIT_CWD.
  const server = await createReplayServer({ trace: resolve(process.env.INIT_CWD ?? '.', trace), ...settings }, logger);
  stopOnSignals(() => server.stop(), logger, 5_000);
  const url = await server.start();
  logger.info({ url, trace, session: server.header.session, startedAt: new Date(server.header.startedAt).toISOString() }, 'replaying the trace: open the page');
  process.send?.({ type: 'ready', url });
} catch (err) {
  exitOnStartError(err, 'peerscope replay', logger);
}
