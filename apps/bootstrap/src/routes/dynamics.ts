import {
  BroadcastRequestSchema,
  GossipRequestSchema,
  LinkFaultRuleSchema,
  NodeIdSchema,
  OverlayRequestSchema,
  PartitionRequestSchema,
  TrafficRequestSchema,
  type FaultState,
} from '@peerscope/protocol';
import { ApiError, parseOr400 } from '@peerscope/server-kit';
import { Router } from 'express';
import type { FaultPusher } from '../fault-pusher.js';
import type { FaultBook } from '../faults.js';
import type { NodeCommands } from '../node-commands.js';
import type { NodeManager } from '../node-manager.js';
import type { Overlay } from '../overlay.js';
import type { Registry } from '../registry.js';
import type { TrafficGenerator } from '../traffic.js';

export interface DynamicsRoutesDeps {
  registry: Registry;
  manager: NodeManager;
  commands: NodeCommands;
  faults: FaultBook;
  pusher: FaultPusher;
  overlay: Overlay;
  traffic: TrafficGenerator;
  /** Called after every change to the faults, so the hub hears of it. */
  faultsChanged: (state: FaultState) => void;
}

/** `/api` (admin token): faults, pauses and restarts, overlays, broadcast, gossip, background traffic. */
export function dynamicsRoutes(deps: DynamicsRoutesDeps): Router {
  const { registry, manager, commands, faults, pusher, overlay, traffic } = deps;
  const router = Router();

  /** Applies a change to the faults, gives every node its new share, and answers the whole state. */
  const changeFaults = async (change: () => void) => {
    change();
    await pusher.pushAll();
    const state = faults.state();
    deps.faultsChanged(state);
    return state;
  };
  const nodeId = (value: unknown) => parseOr400(NodeIdSchema, value, 'invalid_query');

  router.post('/nodes/:id/pause', async (req, res) => {
    const id = nodeId(req.params.id);
    const answer = await manager.setPaused(id, true);
    await changeFaults(() => faults.markPaused(id, true));
    res.json(answer);
  });

  router.post('/nodes/:id/resume', async (req, res) => {
    const id = nodeId(req.params.id);
    const answer = await manager.setPaused(id, false);
    await changeFaults(() => faults.markPaused(id, false));
    res.json(answer);
  });

  router.post('/nodes/:id/restart', async (req, res) => {
    const id = nodeId(req.params.id);
    const answer = await manager.restart(id);
    await changeFaults(() => faults.markPaused(id, false));
    res.json(answer);
  });

  router.get('/faults', (_req, res) => {
    res.json(faults.state());
  });

  router.post('/faults/partition', async (req, res) => {
    const partition = parseOr400(PartitionRequestSchema, req.body);
    const unknown = partition.group.filter((id) => !registry.get(id));
    if (unknown.length > 0) throw new ApiError('node_unknown', `not registered: ${unknown.join(', ')}`);
    res.json(await changeFaults(() => faults.setPartition(partition)));
  });

  router.delete('/faults/partition', async (_req, res) => {
    res.json(await changeFaults(() => faults.heal()));
  });

  router.put('/faults/links', async (req, res) => {
    const rule = parseOr400(LinkFaultRuleSchema, req.body);
    // A node leaves its own entry out of its peers, so a link to itself would carry nothing.
    if (rule.to === rule.from) throw new ApiError('invalid_body', `a link from ${rule.from} to itself: a node never sends to itself`);
    for (const id of [rule.from, rule.to]) if (id !== undefined && !registry.get(id)) throw new ApiError('node_unknown', `${id} is not registered`);
    res.json(await changeFaults(() => faults.setLink(rule)));
  });

  router.delete('/faults', async (_req, res) => {
    const paused = faults.reset();
    // Thaw what was frozen; a node that is gone meanwhile has nothing left to resume.
    await Promise.all(paused.map((id) => manager.setPaused(id, false).catch(() => undefined)));
    res.json(await changeFaults(() => undefined));
  });

  router.get('/overlay', (_req, res) => {
    res.json(overlay.state());
  });

  router.put('/overlay', (req, res) => {
    res.json(overlay.set(parseOr400(OverlayRequestSchema, req.body)));
  });

  router.post('/broadcast', async (req, res) => {
    const { from, text, id } = parseOr400(BroadcastRequestSchema, req.body);
    res.json(await commands.broadcast(from, text, id));
  });

  router.post('/gossip', async (req, res) => {
    const { from, text, ttl, fanout, id } = parseOr400(GossipRequestSchema, req.body);
    res.json(await commands.gossip(from, text, ttl, fanout, id));
  });

  router.get('/traffic', (_req, res) => {
    res.json(traffic.get());
  });

  router.post('/traffic', async (req, res) => {
    const request = parseOr400(TrafficRequestSchema, req.body);
    res.status(202).json(await traffic.durably(() => traffic.start(request)));
  });

  router.delete('/traffic', async (_req, res) => {
    res.json(await traffic.durably(() => traffic.stop()));
  });

  return router;
}
