import { createServer, type Server } from 'node:http';
import { networkInterfaces } from 'node:os';
import { documentOf, NODE_API } from '@peerscope/openapi';
import { closeServer, createGuardedAgent, errorHandler, jsonBody, listen, notFound, requireBearer, UrlPolicy, type Logger } from '@peerscope/server-kit';
import { createTelemetryReporter, disabledReporter, type EventInput, type TelemetryReporter } from '@peerscope/telemetry';
import express from 'express';
import type { Agent } from 'undici';
import type { NodeConfig } from './config.js';
import type { Identity } from './identity.js';
import { Faults } from './faults.js';
import { Gossip } from './gossip.js';
import { Inbox } from './inbox.js';
import { LamportClock } from './lamport-clock.js';
import { Membership } from './membership.js';
import { Messenger } from './messenger.js';
import { PeerBook } from './peer-book.js';
import type { PeerList } from './peer-list.js';
import { InboundConnections } from './inbound.js';
import { messageEndpoint } from './message-endpoint.js';
import { OutboundGate } from './outbound-gate.js';
import { controlSendEndpoint } from './control-send-endpoint.js';
import { classicRoutes } from './routes/classic.js';
import { controlRoutes } from './routes/control.js';
import type { SendTurns } from './pool/send-turns.js';

export interface PeerNode {
  readonly identity: Identity;
  readonly server: Server;
  readonly paused: boolean;
  /** Listens, then joins the network in the background. Resolves with the bound port. */
  start(): Promise<number>;
  /** Leaves the network and closes everything it opened. */
  stop(): Promise<void>;
  /**
   * Dies on the spot, as under SIGKILL: the server and every connection it holds, in and out,
   * are destroyed, its timers stop, and it says nothing more (no goodbye, no last telemetry).
   */
  crash(): void;
  /**
   * Freezes, as under SIGSTOP: it reads nothing from its connections (callers wait), and what it
   * would send (heartbeats, messages) waits for `resume`.
   */
  pause(): void;
  /** Thaws a paused node: what waited runs, and its next heartbeat makes it alive again. */
  resume(): void;
}

/** What a host may share among the nodes it runs. */
export interface NodeDeps {
  logger: Logger;
  /**
   * The node's telemetry reporter, made once its id is settled. By default its own connection to
   * the hub (none without a hub url); a host running many nodes may give each a share of one.
   */
  reporterFor?: (id: string) => TelemetryReporter;
  /** The bootstrap's peer list as the node hears it; a host running many nodes may give them one to share (see peer-list.ts). */
  peerList?: PeerList;
  /** An HTTP client a host running many nodes shares among them for their messages to peers (see outbound-gate.ts). */
  sharedAgent?: Agent;
  /** Turns to send that a host running many nodes shares among them (see pool/send-turns.ts). */
  sendTurns?: SendTurns;
}

export function createNodeApp(config: NodeConfig, { logger, reporterFor, peerList, sharedAgent, sendTurns }: NodeDeps): PeerNode {
  const identity: Identity = { id: config.id, url: config.publicUrl ?? '' };
  const peers = new PeerBook(peerList);
  const inbox = new Inbox(config.inboxSize);
  const faults = new Faults();
  const clock = new LamportClock();

  let crashed = false;
  let paused = false;

  // The hub knows reporters by node id, so reporting starts once the id is settled.
  let reporter: TelemetryReporter = disabledReporter;
  const report = (event: EventInput) => reporter.emit(event);
  const startReporting = (id: string) => {
    if (reporter !== disabledReporter || crashed) return;
    if (reporterFor) reporter = reporterFor(id);
    else if (config.hubUrl) {
      reporter = createTelemetryReporter({
        hubUrl: config.hubUrl,
        token: config.clusterToken,
        source: id,
        maxMessageEventsPerSecond: config.telemetryMessageEventsPerS || Infinity,
      });
    } else return;
    report({ type: 'node:started', nodeId: id, url: identity.url });
  };

  // Every request this node makes (messages, registration, heartbeats) goes through this client:
  // kept-alive pools per origin, no redirects, and only to the allowed networks, so whoever
  // holds the control token cannot make the node reach (and echo) anything else.
  // A paused node's requests wait at its gate.
  const outbound = new OutboundGate(nodeAgent(config), sharedAgent);
  const agent = outbound.dispatcher;
  const messenger = new Messenger({
    identity,
    peers,
    faults,
    report,
    clock,
    timeoutMs: config.messageTimeoutMs,
    agent: outbound.peerDispatcher,
    ...(sendTurns && { turns: sendTurns, gate: outbound }),
  });
  const gossip = new Gossip({ identity, peers, messenger });
  const membership = new Membership({
    bootstrapUrl: config.bootstrapUrl,
    identity,
    controlToken: config.controlToken,
    peers,
    agent,
    logger,
    onRegistered: startReporting,
    courseRefreshMs: config.courseRefreshMs,
  });

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // The token is checked before any body is read.
  app.use('/control', requireBearer(config.controlToken));
  app.use(jsonBody());
  app.use(classicRoutes({ identity, peers, inbox }));
  app.use(controlRoutes({ identity, peers, messenger, faults, gossip }));
  // This API's OpenAPI document, built from the route table that packages/openapi keeps.
  app.get('/openapi.json', (_req, res) => void res.json(documentOf(NODE_API)));
  app.use(notFound);
  app.use(errorHandler(logger));
  // The two paths every message takes are served before Express (see their files).
  const receive = messageEndpoint({ identity, inbox, peers, faults, gossip, report, clock });
  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_MS });
  const inbound = new InboundConnections(server);
  const controlSend = controlSendEndpoint({ controlToken: config.controlToken, messenger, logger });
  server.on('request', (req, res) => inbound.dispatch(() => receive(req, res) || controlSend(req, res) || app(req, res)));

  const resume = () => {
    paused = false;
    outbound.open();
    inbound.thaw();
  };

  return {
    identity,
    server,
    get paused() {
      return paused;
    },
    async start() {
      const port = await listen(server, config.port, config.host, '--port / PORT');
      if (!identity.url) identity.url = `http://${urlHost(config.host)}:${port}`;
      logger.info({ url: identity.url }, 'listening');
      membership.start();
      return port;
    },
    async stop() {
      if (crashed) return;
      // A frozen node could not say goodbye: thaw it first.
      if (paused) resume();
      if (identity.id) report({ type: 'node:stopping', nodeId: identity.id });
      await membership.leave();
      messenger.close();
      await Promise.all([closeServer(server), reporter.close()]);
      await outbound.release();
    },
    crash() {
      if (crashed) return;
      crashed = true;
      membership.halt();
      messenger.close();
      reporter.discard();
      reporter = disabledReporter;
      server.close();
      inbound.destroyAll();
      void outbound.destroy();
    },
    pause() {
      if (crashed) return;
      paused = true;
      inbound.freeze();
      outbound.close();
    },
    resume,
  };
}

/**
 * How long an idle connection stays open, on both sides (the client follows the server's
 * `Keep-Alive: timeout` hint). Node's default is 5 s; random traffic between many nodes comes back
 * to a peer less often than that (a host of 250 nodes sending 250 messages a second reaches each
 * of 1,000 peers every 4 s), and a connection opened per message costs more than the message.
 */
const KEEP_ALIVE_MS = 30_000;

/** An HTTP client for the node's requests: kept-alive pools per origin, no redirects, only the allowed networks. */
export function nodeAgent(config: Pick<NodeConfig, 'allowedNetworks'>): Agent {
  return createGuardedAgent(new UrlPolicy(config.allowedNetworks), { keepAliveTimeout: KEEP_ALIVE_MS, keepAliveMaxTimeout: 60_000 });
}

/**
 * The host part of this node's own url. A wildcard bind (as in a container) is advertised by the
 * machine's first external IPv4 address, which is what peers on the same network can reach.
 */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    return external?.address ?? '127.0.0.1';
  }
  return host.includes(':') ? `[${host}]` : host;
}
