import { createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { closeServer, guardConnections, INBOUND_TIMEOUTS, listen, metricsEndpoint, sendApiError, type Logger } from '@peerscope/server-kit';
import type nextModule from 'next';
import { UI_NAMESPACE, type NetworkSnapshot } from '@peerscope/protocol';
import { Server } from 'socket.io';
import type { DashboardConfig } from './config.js';
import { createHub, MAX_SOCKET_PACKET_BYTES, type Hub } from './hub/hub.js';
import { openHubState } from './hub/hub-state.js';
import { RegistrySync } from './hub/registry-sync.js';
import { DashboardMetrics } from './metrics/dashboard-metrics.js';
import { recordTrace } from './trace/record-trace.js';
import { rememberingParser } from './trace/encoded-batches.js';
import { createPerimeter } from './perimeter/perimeter.js';
import { earlyRefusal } from './early-refusal.js';

export interface DashboardServer {
  readonly hub: Hub;
  /** The link that signs a browser in, once started, when acting needs a sign-in (beyond loopback). */
  readonly signInUrl: string | undefined;
  /** Prepares Next, listens, and syncs with the bootstrap; resolves with the dashboard's url. */
  start(): Promise<string>;
  /** `endsSession` (the default): the next start begins with a new picture; otherwise it takes this one back, as after a crash. */
  stop(options?: { endsSession?: boolean }): Promise<void>;
}

/** How long browsers wait for the registry before a restored picture is shown as it was saved. */
const RESTORED_PICTURE_WAIT_MS = 1_000;

type NextServer = ReturnType<typeof nextModule.default>;

/**
 * Next is loaded only once the hub listens: its modules take ~0.2 s of CPU to load, which a
 * restarted dashboard's reconnecting pages and reporters need not wait for.
 */
async function loadNext(config: DashboardConfig, dir: string): Promise<NextServer> {
  // next is CommonJS: imported from ESM its default is module.exports, which is createServer itself.
  const next = (await import('next')).default as unknown as typeof nextModule.default;
  return next({ dev: config.dev, dir, hostname: config.host, port: config.port });
}

/**
 * One port for everything: Next serves the pages and `/api/*`, Socket.IO the hub; the perimeter
 * (allowed hosts and origins, sign-in beyond loopback) comes before both.
 */
export async function createDashboardServer(config: DashboardConfig, logger: Logger): Promise<DashboardServer> {
  // Route handlers run in this process and read these; the browser never receives them.
  process.env.PEERSCOPE_BOOTSTRAP_URL = config.bootstrapUrl;
  process.env.PEERSCOPE_ADMIN_TOKEN = config.adminToken;
  // The page reads this one (lib/server/test-hook-setting.ts), as resolved: `1` or `0`.
  process.env.PEERSCOPE_TEST_HOOK = config.testHook ? '1' : '0';

  const appDir = fileURLToPath(new URL('../..', import.meta.url));
  let nextApp: NextServer | undefined;
  let handle: ReturnType<NextServer['getRequestHandler']> | undefined;
  // Set in start(): pages wait for Next to be ready, while the hub serves its sockets at once.
  let prepared: Promise<void> = Promise.resolve();
  const perimeter = createPerimeter({ ...config, logger });
  // Read when Prometheus scrapes: the hub and the sockets exist by then.
  const metrics = new DashboardMetrics({ view: () => hub.view, stats: () => hub.stats(), browsers: () => io.of(UI_NAMESPACE).sockets.size });
  const serveMetrics = metricsEndpoint(metrics.registry, config.metricsToken);
  const http = createServer(INBOUND_TIMEOUTS, (req, res) =>
    perimeter.handle(req, res, () => {
      if (serveMetrics(req, res)) return;
      const refused = earlyRefusal(req, res);
      if (refused) sendApiError(req, res, refused);
      else void prepared.then(() => handle!(req, res));
    }),
  );
  guardConnections(http, { max: config.maxConnections });
  // The parser remembers each batch's text for the trace recorder (server/trace/encoded-batches.ts).
  const io = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_SOCKET_PACKET_BYTES,
    allowRequest: perimeter.allowRequest,
    parser: rememberingParser,
  });
  io.of(UI_NAMESPACE).use(perimeter.uiGate);
  const admin = { bootstrapUrl: config.bootstrapUrl, adminToken: config.adminToken };
  // The picture a dashboard killed earlier saved: counters go on from there, and reporters resend only what it had not saved.
  const state = config.hubState ? await openHubState(config.hubState, config.resetState, logger) : undefined;
  if (state?.restored) logger.info({ nodes: state.restored.picture.nodes.length, counters: state.restored.picture.counters }, 'restored the hub state');
  // A bootstrap that (re)connects may have restarted: re-read its registry shortly after.
  const trace = config.trace && ((epoch: string, picture: () => NetworkSnapshot) => recordTrace(epoch, picture, config.trace!, logger));
  // A restored picture is checked against the registry before browsers see it, unless the bootstrap is slow to answer.
  let synced = () => {};
  const firstSync = new Promise<void>((resolve) => (synced = resolve));
  const hub = createHub(io, {
    clusterToken: config.clusterToken,
    logger,
    onBootstrapConnected: () => sync.start(200),
    state,
    onRecorded: (event) => metrics.observe(event),
    trace,
    snapshotsAfter: state?.restored ? Promise.race([firstSync, delay(RESTORED_PICTURE_WAIT_MS)]) : undefined,
  });
  const sync = new RegistrySync(hub, admin, logger, synced);

  let signInUrl: string | undefined;
  return {
    hub,
    get signInUrl() {
      return signInUrl;
    },
    async start() {
      // The hub listens before Next is ready: after a crash, open pages and reporters reconnect
      // within a moment, and a page request meanwhile waits for Next (a failed prepare ends the start).
      // Named both ways: npm start's --port is the bootstrap's, its flag for this one --dashboard-port.
      const listening = listen(http, config.port, config.host, "npm start's --dashboard-port (--port on the dashboard alone) or PEERSCOPE_DASHBOARD_PORT");
      prepared = listening.then(async () => {
        nextApp = await loadNext(config, appDir);
        handle = nextApp.getRequestHandler();
        await nextApp.prepare();
      });
      prepared.catch(() => undefined);
      const port = await listening;
      // The perimeter knows its own address (the allowed hosts) before the first socket is judged.
      const host = config.host === '127.0.0.1' || config.host === '0.0.0.0' ? 'localhost' : config.host;
      const url = `http://${host}:${port}`;
      signInUrl = perimeter.listening(port, url);
      sync.start();
      await prepared;
      return url;
    },
    async stop({ endsSession = true } = {}) {
      sync.close();
      await hub.close({ clear: endsSession });
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await closeServer(http);
      await prepared.catch(() => undefined);
      await nextApp?.close();
    },
  };
}
