import type { ViewNode } from '@peerscope/protocol';
import type { NetworkView } from '@peerscope/network-view';
import type { NodeAction } from './actions';

/** What can be done to or from one node: its own actions, and a message sent from it or to it. */
export type NodeUse = NodeAction | 'send' | 'receive' | 'broadcast' | 'gossip';

/** What of a node the answer depends on: the picture's entry (if it has one) and whether it is paused. */
export interface NodeState {
  id: string;
  node: Pick<ViewNode, 'status' | 'kind'> | undefined;
  paused: boolean;
}

/**
 * What the bootstrap refuses for a node it holds dead (a dead one can come back or go). A message
 * *to* a dead node is let through: watching it fail is half the lesson of a crash.
 */
const NEEDS_LIFE: ReadonlySet<NodeUse> = new Set(['send', 'broadcast', 'gossip', 'pause']);
/** What the bootstrap asks of a node through its control API or its runtime, which a course node has neither of. */
const NEEDS_CONTROL: ReadonlySet<NodeUse> = new Set(['send', 'broadcast', 'gossip', 'crash', 'pause', 'resume', 'restart']);

/**
 * Why `use` cannot be made of this node as the picture has it now (a control shows it as its
 * title), or undefined when it can. One rule for the context menu, the side panel and the palette,
 * so none of them offers what the bootstrap would only refuse.
 */
export function whyNot(use: NodeUse, { id, node, paused }: NodeState): string | undefined {
  if (!node) return `${id} is not in the network`;
  if (node.kind === 'classic' && NEEDS_CONTROL.has(use)) return `${id} is a course node: it has no control API`;
  if (node.status === 'dead' && NEEDS_LIFE.has(use)) return `${id} is dead: restart or remove it`;
  // Paused long enough, a node is dead to the registry but still runs: it can be resumed or crashed.
  if (node.status === 'dead' && use === 'crash' && !paused) return `${id} is dead: restart or remove it`;
  if (use === 'pause' && paused) return `${id} is paused already`;
  if (use === 'resume' && !paused) return `${id} is not paused`;
  return undefined;
}

/**
 * Why Remove would forget the node rather than stop it, or undefined when it stops it: it is dead
 * (and not merely paused: a paused one still runs), or it is a course node, whose process is not
 * the lab's to stop (it comes back if it registers again).
 */
export function whyForget({ node, paused }: NodeState): string | undefined {
  if (node?.kind === 'classic') return "a course node's process is not the lab's to stop";
  if (node?.status === 'dead' && !paused) return 'it is dead';
  return undefined;
}

/** `whyNot` for node `id` as `view` has it now (the keyboard shortcuts' check). */
export const whyNotIn =
  (view: Pick<NetworkView, 'nodes' | 'faults'> | undefined) =>
  (use: NodeUse, id: string): string | undefined =>
    whyNot(use, { id, node: view?.nodes.get(id), paused: view?.faults.paused.includes(id) ?? false });

/** Whether `use` can be made of node `id` as `view` has it now: the palette's filter. */
export const canUseIn = (view: Pick<NetworkView, 'nodes' | 'faults'> | undefined) => {
  const why = whyNotIn(view);
  return (use: NodeUse, id: string): boolean => why(use, id) === undefined;
};
