import { PROTOCOL_VERSION, RegisterRequestSchema, type RegisterResponse } from '@peerscope/protocol';
import { ApiError, parseOr400, type UrlPolicy } from '@peerscope/server-kit';
import { Router } from 'express';
import { IdTakenError, type Registry } from '../registry.js';
import type { Overlay } from '../overlay.js';

export interface ClassicRoutesDeps {
  registry: Registry;
  policy: UrlPolicy;
  overlay: Overlay;
  heartbeatMs: number;
  runtimeName: string;
}

/** The course's bootstrap API, in its exact shapes, plus what peerscope nodes add to it. */
export function classicRoutes({ registry, policy, overlay, heartbeatMs, runtimeName }: ClassicRoutesDeps): Router {
  const router = Router();

  router.get('/', (_req, res) => {
    const nodes = registry.list();
    res.json({
      message: 'Bootstrap node is running!',
      nodes: nodes.length,
      alive: nodes.filter((n) => n.status === 'alive').length,
      runtime: runtimeName,
      protocol: PROTOCOL_VERSION,
    });
  });

  router.post('/register', async (req, res) => {
    const body = parseOr400(RegisterRequestSchema, req.body);
    const url = (body.url ?? body.peer)!;
    const refused = await policy.check(url);
    if (refused) throw new ApiError('url_not_allowed', refused);
    let node;
    try {
      node = registry.register({ url, ...(body.id && { id: body.id }), ...(body.controlToken && { controlToken: body.controlToken }) });
    } catch (err) {
      if (err instanceof IdTakenError) throw new ApiError('id_taken', err.message);
      throw err;
    }
    const nodes = registry.peersOf(node.id);
    const neighbours = overlay.neighboursOf(node.id);
    const answer: RegisterResponse = {
      status: 'registered',
      id: node.id,
      peers: nodes.map((n) => n.url),
      nodes,
      heartbeatMs,
      ...(neighbours && { neighbours }),
    };
    res.json(answer);
  });

  router.get('/peers', (_req, res) => {
    const nodes = registry.peersOf();
    res.json({ peers: nodes.map((n) => n.url), nodes });
  });

  return router;
}
