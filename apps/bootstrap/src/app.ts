import { createServer, type Server } from 'node:http';
import {
  burstOf,
  Checkpointer,
  closeServer,
  errorHandler,
  guardConnections,
  INBOUND_TIMEOUTS,
  jsonBody,
  listen,
  metricsEndpoint,
  notFound,
  requireBearer,
  TokenBucket,
  UrlPolicy,
  type Logger,
} from '@peerscope/server-kit';
import { BOOTSTRAP_API, documentOf } from '@peerscope/openapi';
import type { TelemetryReporter } from '@peerscope/telemetry';
import express from 'express';
import { ClassicProber } from './classic-prober.js';
import { FaultPusher } from './fault-pusher.js';
import { FailureDetector } from './failure-detector.js';
import { FaultBook } from './faults.js';
import { EndOfTurn } from './end-of-turn.js';
import { heartbeatEndpoint } from './heartbeat-endpoint.js';
import { LocalHealth } from './local-health.js';
import { CrowdLateness } from './crowd-lateness.js';
import { BootstrapMetrics } from './metrics/bootstrap-metrics.js';
import { NodeCommands } from './node-commands.js';
import { Overlay } from './overlay.js';
import { PairPicker } from './random-pair.js';

import { dynamicsRoutes } from './routes/dynamics.js';
import { TrafficGenerator } from './traffic.js';
import type { BootstrapConfig } from './config.js';
import { NodeManager } from './node-manager.js';
import { nodeProbe } from './node-probe.js';
import { createOutboundAgent } from './outbound.js';
import { Registry } from './registry.js';
import { logRegistryChanges } from './registry-log.js';
import { reportRegistryChanges } from './registry-telemetry.js';
import { adminRoutes } from './routes/admin.js';
import { classicRoutes } from './routes/classic.js';
import { membershipRoutes, membershipStatsRoutes } from './routes/membership.js';
import type { Runtime } from './runtimes/runtime.js';
import type { BootstrapCheckpoint, BootstrapState } from './bootstrap-state.js';

export interface BootstrapDeps {
  config: BootstrapConfig;
  adminToken: string;
  runtime: Runtime;
  reporter: TelemetryReporter;
  logger: Logger;
  now?: () => number;
  /**
   * Ends this process at once, with no goodbye (`POST /api/bootstrap/crash`): given by main.ts only
   * when a launcher will restart it. Without it the route answers `not_supervised`.
   */
  crash?: () => void;
  /** Where the registry, faults, overlay and traffic generator are saved, and what an earlier run saved. */
  state?: BootstrapState;
}

export interface Bootstrap {
  readonly server: Server;
  readonly registry: Registry;
  readonly manager: NodeManager;
  /** Listens and starts the liveness checks; resolves with the bound port. */
  start(): Promise<number>;
  /**
   * Stops the timers and the server. `endsSession` (the default) also stops the nodes and clears
   * the state log: the next start begins anew. Otherwise the nodes (the launcher's) carry on and the
   * state is kept, so the next bootstrap takes the network back as after a crash.
   */
  stop(options?: { endsSession?: boolean }): Promise<void>;
}

const SWEEP_INTERVAL_MS = 100;
/** A sweep later than this after the last one means the bootstrap itself stalled (see `sweepGapMs`). */
const SWEEP_GAP_MS = 500;
/** Peer list versions are published at most this often: nodes learn a change within a heartbeat and this. */
const PEER_LIST_PUBLISH_MS = 50;

export function createBootstrap({ config, adminToken, runtime, reporter, logger, now, crash, state }: BootstrapDeps): Bootstrap {
  const registry = new Registry({ ...config, sweepGapMs: SWEEP_GAP_MS, peerListPublishMs: PEER_LIST_PUBLISH_MS }, now);
  const metrics = new BootstrapMetrics(registry);
  const turn = new EndOfTurn();
  const policy = new UrlPolicy(config.allowedNetworks);
  const agent = createOutboundAgent(policy);
  const manager = new NodeManager(registry, runtime, config, logger);
  manager.onDoomed((id) => metrics.deaths.doom(id));
  const prober = new ClassicProber(registry, agent, config.classicProbeMs);
  const health = new LocalHealth();
  const crowd = new CrowdLateness(registry);
  const detector = new FailureDetector(registry, nodeProbe(agent), () => health.stretchMs() + crowd.stretchMs(), {
    ...config,
    crowded: () => crowd.stretchMs() > 0,
  });
  // The node's own timeout decides a send's outcome; ours only guards against a node that hangs.
  const faults = new FaultBook();
  const commands = new NodeCommands(registry, agent, config.messageTimeoutMs + 2_000, (id) => faults.maxDelayOf(id), metrics.messages);
  const pusher = new FaultPusher(registry, faults, agent, logger);
  const overlay = new Overlay(registry);
  overlay.set({ kind: config.overlay, k: config.overlayK });
  overlay.onChange((state) => reporter.emit({ type: 'overlay:changed', overlay: state }));
  const pairs = new PairPicker(registry);
  const checkpoints: Checkpointer<BootstrapCheckpoint> | undefined = state
    ? new Checkpointer<BootstrapCheckpoint>(
        state.log,
        () => ({ registry: registry.saved(), faults: faults.state(), overlay: overlay.state(), traffic: traffic.saved() }),
        100,
        (err) => logger.error({ err: err.message }, 'could not save the bootstrap state; will try again'),
      )
    : undefined;
  const save = (): Promise<void> => checkpoints?.saved() ?? Promise.resolve();
  const traffic = new TrafficGenerator({
    pickPair: () => pairs.pick(),
    send: (from, to, text) => commands.send(from, to, text),
    onChange: (status) => {
      reporter.emit({ type: 'traffic:changed', traffic: status });
      void save();
    },
    logger,
    ...(checkpoints && { save }),
  });
  // What the state log keeps changes: membership (not alive ⇄ suspect), faults, overlay, traffic.
  registry.onChange((change) => {
    if (change.type !== 'status-changed' || change.status === 'dead' || change.previous === 'dead') void save();
  });
  overlay.onChange(() => void save());
  reportRegistryChanges(registry, reporter);
  // A node that left takes its pause and link faults with it (reported only when it had any).
  registry.onChange((change) => {
    if (change.type === 'deregistered' && faults.forget(change.nodeId)) reporter.emit({ type: 'faults:changed', faults: faults.state() });
  });
  const registryLog = logRegistryChanges(registry, logger);

  const app = express();
  app.disable('x-powered-by');
  // Tokens are checked before any body is read; heartbeats and goodbyes have no body.
  app.use('/api', requireBearer(adminToken));
  app.use(membershipRoutes(registry));
  app.use(jsonBody());
  app.use(
    classicRoutes({
      turn,
      registry,
      policy,
      overlay,
      heartbeatMs: config.heartbeatMs,
      runtimeName: runtime.name,
      classicRate: new TokenBucket(config.classicRegisterRate, burstOf(config.classicRegisterRate), now),
      nodeRate: new TokenBucket(config.nodeRegisterRate, burstOf(config.nodeRegisterRate), now),
      countRegistration: (kind) => metrics.countRegistration(kind),
      countListAnswer: (list) => metrics.countListAnswer('register', list),
    }),
  );
  app.use('/api', adminRoutes({ manager, commands, crash }));
  app.use('/api', membershipStatsRoutes(registry, overlay, detector));
  app.use(
    '/api',
    dynamicsRoutes({
      registry,
      manager,
      commands,
      faults,
      pusher,
      overlay,
      traffic,
      faultsChanged: (faultState) => {
        reporter.emit({ type: 'faults:changed', faults: faultState });
        void save();
      },
    }),
  );
  // This API's OpenAPI document, built from the route table that packages/openapi keeps.
  app.get('/openapi.json', (_req, res) => void res.json(documentOf(BOOTSTRAP_API)));
  app.use(notFound);
  app.use(errorHandler(logger));
  const heartbeat = heartbeatEndpoint(
    registry,
    overlay,
    turn,
    logger,
    () => metrics.countHeartbeat(),
    (list) => metrics.countListAnswer('heartbeat', list),
  );
  const serveMetrics = metricsEndpoint(metrics.registry, config.metricsToken);
  const server = createServer(INBOUND_TIMEOUTS, (req, res) => {
    if (!heartbeat(req, res) && !serveMetrics(req, res)) app(req, res);
  });
  guardConnections(server, { max: config.maxConnections });

  let sweeper: NodeJS.Timeout | undefined;
  return {
    server,
    registry,
    manager,
    async start() {
      await manager.init();
      // An earlier run's network, as it saved it: entries alive with a fresh grace period, then what was made of them.
      const restored = state?.restored;
      if (restored) {
        registry.restore(restored.registry);
        faults.restore(restored.faults);
        reporter.emit({ type: 'faults:changed', faults: faults.state() });
        overlay.restore(restored.overlay);
        traffic.restore(restored.traffic);
        logger.info({ entries: restored.registry.length, traffic: restored.traffic.status.running }, 'restored the bootstrap state');
      }
      const port = await listen(server, config.port, config.host, '--port / PEERSCOPE_BOOTSTRAP_PORT');
      health.start();
      sweeper = setInterval(() => registry.sweep(), SWEEP_INTERVAL_MS);
      prober.start();
      return port;
    },
    async stop({ endsSession = true } = {}) {
      clearInterval(sweeper);
      health.stop();
      prober.stop();
      if (endsSession) traffic.stop();
      else traffic.halt();
      pusher.close();
      if (endsSession) await manager.close();
      await checkpoints?.close({ clear: endsSession });
      await Promise.all([closeServer(server), agent.close(), reporter.close()]);
      // Last: stopping the nodes above makes a burst of departures, counted here.
      registryLog.close();
    },
  };
}
