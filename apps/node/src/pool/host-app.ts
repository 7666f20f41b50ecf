import { createServer, type Server } from 'node:http';
import { closeServer, errorHandler, jsonBody, listen, notFound, requireBearer, type Logger } from '@peerscope/server-kit';
import express from 'express';
import type { HostConfig } from './host-config.js';
import { hostRoutes } from './host-routes.js';
import { NodePool, type NodePoolOptions } from './node-pool.js';

export interface PoolHost {
  readonly server: Server;
  readonly pool: NodePool;
  /** Listens on a free loopback port for the host control API; resolves with its url. */
  start(): Promise<string>;
  /** Stops every node gracefully, then the control API. */
  stop(): Promise<void>;
}

export interface PoolHostDeps {
  logger: Logger;
  reporterFor?: NodePoolOptions['reporterFor'];
}

/** A host process's insides: its nodes and the control API its owner drives them through. */
export function createPoolHost(config: HostConfig, { logger, reporterFor }: PoolHostDeps): PoolHost {
  const pool = new NodePool({
    node: config.node,
    maxNodes: config.maxNodes,
    maxPeerRequests: config.maxPeerRequests,
    logger,
    ...(reporterFor && { reporterFor }),
  });
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // The token is checked before any body is read.
  app.use(requireBearer(config.hostToken));
  app.use(jsonBody());
  app.use(hostRoutes(pool, config.hostId));
  app.use(notFound);
  app.use(errorHandler(logger));
  // Idle connections outlive the runtime's (30 s): the client always closes first. With Node's 5 s
  // the host closed a connection as a busy bootstrap sent its next start on it (ECONNRESET), and a
  // 10,000-node start failed on one such race.
  const server = createServer({ keepAliveTimeout: 65_000 }, app);

  return {
    server,
    pool,
    async start() {
      const port = await listen(server, 0, '127.0.0.1', 'the host control port');
      return `http://127.0.0.1:${port}`;
    },
    async stop() {
      await pool.stopAll();
      await closeServer(server);
    },
  };
}
