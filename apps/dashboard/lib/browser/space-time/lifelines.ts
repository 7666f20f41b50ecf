import { byNodeId } from '../node-order';

/** More lifelines than this cannot be read side by side in a panel. */
export const MAX_LIFELINES = 12;

/**
 * How many lifelines a diagram `width` px wide holds side by side, `minColumn` px each after the
 * time gutter; at least one. Beyond that the columns would run past the panel's edge.
 */
export function lifelinesThatFit(width: number, gutter: number, minColumn: number): number {
  return Math.max(1, Math.floor((width - gutter) / minColumn));
}

/** Which nodes get a lifeline: every node (up to the limit), the busiest, or those selected on the graph. */
export type LifelineChoice = 'all' | 'busiest' | 'selected';

/**
 * A newcomer replaces a busiest lifeline only when it carried this much more traffic: at 100
 * nodes of random traffic the ranking changes every second, and lifelines that come and go
 * cannot be read.
 */
const BUSIEST_MARGIN = 1.25;

export interface LifelineInput {
  choice: LifelineChoice;
  /** Nodes of the picture now. */
  nodes: readonly string[];
  /** Nodes selected on the graph (the send selection and the group). */
  selected: readonly string[];
  /** Messages each node sent or received lately (DiagramHistory.messagesPerNode). */
  messagesPerNode: ReadonlyMap<string, number>;
  /** The lifelines drawn until now, so the busiest set does not flicker. */
  previous: readonly string[];
  limit?: number;
}

/** The lifelines to draw, in node order (node2 before node10). */
export function chooseLifelines({ choice, nodes, selected, messagesPerNode, previous, limit = MAX_LIFELINES }: LifelineInput): string[] {
  const known = new Set(nodes);
  let chosen: string[];
  if (choice === 'selected') chosen = [...new Set(selected)].filter((id) => known.has(id)).slice(0, limit);
  else if (choice === 'busiest') chosen = busiest(new Map(nodes.map((id) => [id, messagesPerNode.get(id) ?? 0])), previous, limit);
  else chosen = [...nodes].sort(byNodeId).slice(0, limit);
  return chosen.sort(byNodeId);
}

/**
 * The `limit` busiest nodes, keeping those drawn until now unless a newcomer is clearly busier
 * (BUSIEST_MARGIN).
 */
export function busiest(counts: ReadonlyMap<string, number>, previous: readonly string[], limit: number): string[] {
  // Ties by plain string order: a collator's compare costs microseconds, and every node ties at 0.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([id]) => id);
  const kept = previous.filter((id) => counts.has(id)).slice(0, limit);
  const chosen = new Set(kept);
  for (const id of ranked) {
    if (chosen.has(id)) continue;
    if (chosen.size < limit) {
      chosen.add(id);
      continue;
    }
    // The weakest lifeline kept: replaced only by a clearly busier node.
    let weakest: string | undefined;
    for (const kept of chosen) if (weakest === undefined || counts.get(kept)! < counts.get(weakest)!) weakest = kept;
    if (weakest === undefined || counts.get(id)! <= counts.get(weakest)! * BUSIEST_MARGIN) break;
    chosen.delete(weakest);
    chosen.add(id);
  }
  return [...chosen];
}
