import { resolve } from 'node:path';
import { TraceError } from '@peerscope/protocol';
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
  const path = resolve(process.env.INIT_CWD ?? '.', trace);
  const server = await createReplayServer({ trace: path, ...settings }, logger).catch((err: unknown) => {
    throw unreadable(err, path);
  });
  stopOnSignals(() => server.stop(), logger, 5_000);
  const url = await server.start();
  logger.info({ url, trace, session: server.header.session, startedAt: new Date(server.header.startedAt).toISOString() }, 'replaying the trace: open the page');
  process.send?.({ type: 'ready', url });
} catch (err) {
  exitOnStartError(err, 'peerscope replay', logger);
}

/** A file that is no trace (or no file) was the caller's choice, as a wrong flag is: one line and exit 2, no stack. */
function unreadable(err: unknown, path: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const named = err instanceof TraceError || code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES';
  return named ? new ConfigError(`${path}: ${(err as Error).message}`, { cause: err }) : err;
}
