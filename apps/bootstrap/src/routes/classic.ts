import { PROTOCOL_VERSION, RegisterRequestSchema, type NodeKind, type RegisterRequest, type RegisterResponse } from '@peerscope/protocol';
import { ApiError, parseOr400, type TokenBucket, type UrlPolicy } from '@peerscope/server-kit';
import { Router } from 'express';
import type { Overlay } from '../overlay.js';
import type { EndOfTurn } from '../end-of-turn.js';
import type { ListAnswerText } from '../heartbeat-answer.js';
import type { ListCarried } from '../metrics/bootstrap-metrics.js';
import { IdTakenError, type Registry } from '../registry.js';

export interface ClassicRoutesDeps {
  /** Where peerscope nodes' registrations are answered, with the turn's heartbeats. */
  turn: EndOfTurn;
  registry: Registry;
  policy: UrlPolicy;
  overlay: Overlay;
  heartbeatMs: number;
  runtimeName: string;
  /** Registrations without a token (classic nodes). */
  classicRate: TokenBucket;
  /** Registrations with a token, except those of the nodes this bootstrap starts. */
  nodeRate: TokenBucket;
  /** Told of every registration taken (the metrics' counter). */
  countRegistration?: (kind: NodeKind) => void;
  /** Told what each peerscope node's register answer carried of the peer list. */
  countListAnswer?: (list: ListCarried) => void;
}

/** The course's bootstrap API, in its exact shapes, plus what peerscope nodes add to it. */
export function classicRoutes({
  turn,
  registry,
  policy,
  overlay,
  heartbeatMs,
  runtimeName,
  classicRate,
  nodeRate,
  countRegistration,
  countListAnswer,
}: ClassicRoutesDeps): Router {
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
    // Before any lookup: the nodes this bootstrap starts (their ids claimed with their tokens) never wait.
    if (!registry.isClaimedBy(body.id, body.controlToken)) {
      const bucket = body.controlToken ? nodeRate : classicRate;
      const retryAfterS = bucket.take();
      if (retryAfterS > 0) {
        res.setHeader('Retry-After', String(retryAfterS));
        throw new ApiError(
          'rate_limited',
          `more than ${bucket.ratePerS} registrations a second ${body.controlToken ? 'with' : 'without'} a control token; retry in ${retryAfterS} s`,
        );
      }
    }
    // The registry stores the url's origin and compares the addresses it resolves to.
    const resolved = await policy.inspect((body.url ?? body.peer)!);
    if (resolved.refused !== undefined) throw new ApiError('url_not_allowed', resolved.refused);
    let node;
    try {
      node = registry.register({
        url: resolved.origin,
        addresses: resolved.addresses,
        ...(body.id && { id: body.id }),
        ...(body.controlToken && { controlToken: body.controlToken }),
      });
    } catch (err) {
      if (err instanceof IdTakenError) throw new ApiError('id_taken', err.message);
      throw err;
    }
    countRegistration?.(node.kind);
    if (node.kind === 'peerscope') {
      // Answered with the turn's other answers: the list's JSON is then built once for all of them.
      const id = node.id;
      const { holds } = body;
      turn.defer(() => {
        const answer = peerscopeRegisterAnswer(registry, overlay, id, registry.tellHeartbeatMs(id), holds);
        countListAnswer?.(answer.list);
        res.type('application/json').send(answer.text);
      });
      return;
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
      // What this answer holds, so the node's heartbeats ask only for what moved after it.
      epoch: registry.peerList.epoch,
      version: registry.peerList.version,
      overlayVersion: overlay.version,
    };
    res.json(answer);
  });

  router.get('/peers', (_req, res) => {
    const nodes = registry.peersOf();
    res.json({ peers: nodes.map((n) => n.url), nodes });
  });

  return router;
}

/**
 * A peerscope node's register answer, as JSON text: the list as every peerscope node gets it, the
 * node itself included (it skips its own entry), built once per list version and shared; only
 * the id and the node's neighbours are its own. A thousand nodes joining at once each need the
 * whole list: serialising it once per answer made the bootstrap's join O(n²) in CPU. A node that
 * says which list it `holds` (a pool host's nodes share one) gets only what moved since, as a
 * heartbeat does, and reading the same list a thousand times over stops at the nodes' end too.
 */
function peerscopeRegisterAnswer(registry: Registry, overlay: Overlay, id: string, heartbeatMs: number, holds: RegisterRequest['holds']): ListAnswerText {
  const { peerList } = registry;
  const neighbours = overlay.neighboursOf(id);
  const own = JSON.stringify({ status: 'registered', id, heartbeatMs, ...(neighbours && { neighbours }) });
  const versions = JSON.stringify({ epoch: peerList.epoch, version: peerList.version, overlayVersion: overlay.version });
  if (!holds) return { text: `${own.slice(0, -1)},"peers":${peerList.urlsJson()},"nodes":${peerList.fullJson()},${versions.slice(1)}`, list: 'whole' };
  const peers = peerList.since(holds.epoch, holds.version);
  const list = peers.kind === 'current' ? '' : `"${peers.kind === 'full' ? 'nodes' : 'changes'}":${peers.json},`;
  return { text: `${own.slice(0, -1)},${list}${versions.slice(1)}`, list: peers.kind === 'current' ? 'none' : peers.kind === 'full' ? 'whole' : 'changes' };
}
