import { byNodeId } from '../node-order';
import type { DiagramMessage } from './history';

/** More lifelines than this cannot be read side by side in a panel. */
export const MAX_LIFELINES = 12;

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
  messages: Iterable<DiagramMessage>;
  /** The lifelines drawn until now, so the busiest set does not flicker. */
  previous: readonly string[];
  limit?: number;
}

/** The lifelines to draw, in node order (node2 before node10). */
export function chooseLifelines({ choice, nodes, selected, messages, previous, limit = MAX_LIFELINES }: LifelineInput): string[] {
  const known = new Set(nodes);
  let chosen: string[];
  if (choice === 'selected') chosen = [...new Set(selected)].filter((id) => known.has(id)).slice(0, limit);
  else if (choice === 'busiest') chosen = busiest(messageCounts(messages, known), previous, limit);
  else chosen = [...nodes].sort(byNodeId).slice(0, limit);
  return chosen.sort(byNodeId);
}

/** Messages sent or received by each node of the picture. */
export function messageCounts(messages: Iterable<DiagramMessage>, known: ReadonlySet<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { from, to } of messages) {
    if (known.has(from)) counts.set(from, (counts.get(from) ?? 0) + 1);
    if (known.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  for (const id of known) if (!counts.has(id)) counts.set(id, 0);
  return counts;
}

/**
 * The `limit` busiest nodes, keeping those drawn until now unless a newcomer is clearly busier
 * (BUSIEST_MARGIN); ties go to node order.
 */
export function busiest(counts: ReadonlyMap<string, number>, previous: readonly string[], limit: number): string[] {
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || byNodeId(a[0], b[0])).map(([id]) => id);
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
