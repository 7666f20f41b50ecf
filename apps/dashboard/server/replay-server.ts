import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { closeServer, guardConnections, INBOUND_TIMEOUTS, listen, sendApiError, type Logger } from '@peerscope/server-kit';
import nextModule from 'next';
import { registerTraceStore } from '../lib/server/trace-store.js';
import { createPerimeter } from './perimeter/perimeter.js';
import { earlyRefusal } from './early-refusal.js';
import { openTraceFile } from './trace/file-trace-store.js';

export interface ReplayConfig {
  trace: string;
  host: string;
  port: number;
  testHook: boolean;
}

const next = nextModule as unknown as typeof nextModule.default;

/**
 * The dashboard alone, serving one trace (`npm run replay -- <trace>`): the pages and
 * `GET /api/trace*` read from that file; no hub, no bootstrap, no token. The page opens the trace at once:
 * the server listens as soon as it has read the file's header and first snapshot, and indexes the rest after.
 */
export async function createReplayServer(config: ReplayConfig, logger: Logger) {
  const store = await openTraceFile(config.trace);
  registerTraceStore(store);
  process.env.PEERSCOPE_REPLAY_FILE = config.trace;
  process.env.PEERSCOPE_TEST_HOOK = config.testHook ? '1' : '0';
  const appDir = fileURLToPath(new URL('../..', import.meta.url));
  const nextApp = next({ dev: false, dir: appDir, hostname: config.host, port: config.port });
  const handle = nextApp.getRequestHandler();
  const perimeter = createPerimeter({ host: config.host, allowedHosts: [], auth: 'off', logger });
  // Served on a port anyone on the machine can reach, as the live dashboard is: the same timeouts and connection guard.
  const http = createServer(INBOUND_TIMEOUTS, (req, res) =>
    perimeter.handle(req, res, () => {
      const refused = earlyRefusal(req, res);
      if (refused) sendApiError(req, res, refused);
      else void handle(req, res);
    }),
  );
  guardConnections(http);
  return {
    header: store.header(),
    async start(): Promise<string> {
      await nextApp.prepare();
      const port = await listen(http, config.port, config.host, '--port / PEERSCOPE_DASHBOARD_PORT');
      perimeter.listening(port, `http://localhost:${port}`);
      // The first picture needs only the file's beginning; the slider's index is found meanwhile.
      void store.scan(logger).then(() => logger.info({ ...store.range(), snapshots: store.segments()[0]?.snapshots.length }, 'the trace is indexed'));
      return `http://${config.host === '127.0.0.1' ? 'localhost' : config.host}:${port}`;
    },
    async stop(): Promise<void> {
      await closeServer(http);
      await nextApp.close();
    },
  };
}
