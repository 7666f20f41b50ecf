import { HeartbeatQuerySchema, NodeIdSchema, type HeartbeatQuery, type NodeStatus } from '@peerscope/protocol';
import { ApiError, parseOr400 } from '@peerscope/server-kit';
import type { ListCarried } from './metrics/bootstrap-metrics.js';
import type { Overlay } from './overlay.js';
import type { Registry } from './registry.js';

/** A heartbeat the registry took: the node's id, its status now, and what it says it holds. */
export interface AcceptedHeartbeat {
  id: string;
  status: NodeStatus;
  query: HeartbeatQuery;
}

/**
 * Takes `POST /nodes/:id/heartbeat` (the node is seen now). Throws an ApiError for an unknown
 * node or a token that is not its own.
 */
export function acceptHeartbeat(registry: Registry, rawId: string, token: string | undefined, rawQuery: unknown): AcceptedHeartbeat {
  const id = parseOr400(NodeIdSchema, rawId, 'invalid_query');
  const query = parseOr400(HeartbeatQuerySchema, rawQuery, 'invalid_query');
  const outcome = registry.heartbeat(id, token);
  if (outcome === 'unknown') throw new ApiError('node_unknown', `${id} is not registered; register again`);
  if (outcome === 'unauthorized') throw new ApiError('unauthorized', `the token does not match ${id}'s registration`);
  return { id, status: outcome.status, query };
}

/**
 * The answer to a heartbeat, as JSON text. A node that says which version of the peer list and
 * overlay it holds gets only what moved since (the shared parts are built once per version); one
 * that says nothing gets the full list, as nodes always did.
 */
export function heartbeatAnswer(registry: Registry, overlay: Overlay, { id, status, query }: AcceptedHeartbeat): ListAnswerText {
  const { peerList } = registry;
  // The pace can change with the network's size: every answer says the interval to keep.
  const heartbeatMs = registry.tellHeartbeatMs(id);
  const versions = { epoch: peerList.epoch, version: peerList.version, overlayVersion: overlay.version };
  if (!isVersioned(query)) {
    const neighbours = overlay.neighboursOf(id);
    return { text: JSON.stringify({ id, status, heartbeatMs, nodes: registry.peersOf(id), ...(neighbours && { neighbours }), ...versions }), list: 'whole' };
  }
  const sameEpoch = query.epoch === peerList.epoch;
  const neighbours = overlay.neighboursSince(id, sameEpoch ? query.overlayVersion : -1);
  const head = JSON.stringify({ id, status, heartbeatMs, ...(neighbours !== undefined && { neighbours }), ...versions });
  const peers = peerList.since(query.epoch, query.version);
  if (peers.kind === 'current') return { text: head, list: 'none' };
  // The list (or its changes) is JSON built once per version; only the head is per node.
  return { text: `${head.slice(0, -1)},"${peers.kind === 'full' ? 'nodes' : 'changes'}":${peers.json}}`, list: peers.kind === 'full' ? 'whole' : 'changes' };
}

/** An answer's JSON text, and what it carried of the peer list (for the metrics). */
export interface ListAnswerText {
  text: string;
  list: ListCarried;
}

function isVersioned(query: HeartbeatQuery): query is Required<HeartbeatQuery> {
  return query.epoch !== undefined && query.version !== undefined && query.overlayVersion !== undefined;
}
