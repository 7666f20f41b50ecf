import type { FaultState, LinkFault, LinkFaultRule, OverlayState, TrafficRequest, TrafficStatus } from '@peerscope/protocol';

// The lab's state in words: the activity log, edge labels and panels all say it the same way.

/** How a link fault reads on an edge: `120±20 ms, 20% loss`. */
export function linkFaultLabel(fault: LinkFault): string {
  const parts: string[] = [];
  if (fault.latencyMs > 0 || fault.jitterMs > 0) parts.push(fault.jitterMs > 0 ? `${fault.latencyMs}±${fault.jitterMs} ms` : `${fault.latencyMs} ms`);
  if (fault.lossPct > 0) parts.push(`${fault.lossPct}% loss`);
  return parts.join(', ');
}

export const ruleTarget = (rule: Pick<LinkFaultRule, 'from' | 'to'>) => (rule.to ? `${rule.from} → ${rule.to}` : `all links out of ${rule.from}`);
const ruleKey = (rule: Pick<LinkFaultRule, 'from' | 'to'>) => `${rule.from}->${rule.to ?? '*'}`;

const DIRECTIONS = { both: 'both ways', outbound: 'outbound only', inbound: 'inbound only' } as const;

/** What changed between two fault pictures, one phrase per change. */
export function describeFaultChange(before: FaultState, after: FaultState): string[] {
  const changes: string[] = [];
  const [was, is] = [before.partition, after.partition];
  const sameGroup = was && is && [...was.group].sort().join() === [...is.group].sort().join();
  if (!is && was) changes.push('partition healed');
  else if (is && (!sameGroup || was?.direction !== is.direction)) changes.push(`partition: ${is.group.join(', ')} cut off (${DIRECTIONS[is.direction]})`);
  for (const id of after.paused) if (!before.paused.includes(id)) changes.push(`${id} paused`);
  for (const id of before.paused) if (!after.paused.includes(id)) changes.push(`${id} resumed`);
  const oldRules = new Map(before.links.map((r) => [ruleKey(r), r]));
  const rules = new Map(after.links.map((r) => [ruleKey(r), r]));
  for (const [key, rule] of rules) {
    const old = oldRules.get(key);
    if (!old || linkFaultLabel(old) !== linkFaultLabel(rule)) changes.push(`link fault on ${ruleTarget(rule)}: ${linkFaultLabel(rule)}`);
  }
  for (const [key, rule] of oldRules) if (!rules.has(key)) changes.push(`link fault on ${ruleTarget(rule)} cleared`);
  return changes;
}

/** Whether the partition in force cuts the directed link `from → to`. */
export function isCut(faults: FaultState, from: string, to: string): boolean {
  const partition = faults.partition;
  if (!partition) return false;
  const leaving = partition.group.includes(from) && !partition.group.includes(to);
  const entering = !partition.group.includes(from) && partition.group.includes(to);
  return partition.direction === 'both' ? leaving || entering : partition.direction === 'outbound' ? leaving : entering;
}

const OVERLAYS = { full: 'full mesh', partial: 'partial view', ring: 'ring' } as const;

export const overlayText = (overlay: Pick<OverlayState, 'kind' | 'k'>) =>
  overlay.kind === 'partial' ? `partial view, k = ${overlay.k}` : OVERLAYS[overlay.kind];

export const trafficRequestText = (request: TrafficRequest | null) =>
  !request ? 'traffic' : 'count' in request ? `${request.count} messages` : `${request.rate} msg/s for ${request.durationS} s`;

export const trafficTotals = (traffic: Pick<TrafficStatus, 'sent' | 'delivered' | 'failed' | 'failures'>) =>
  `${traffic.sent} sent, ${traffic.delivered} delivered, ${traffic.failed} failed${failureReasons(traffic.failures)}`;

/** Why sends failed, the most common reason first: ` (timeout 12, peer_unreachable 2)`; nothing when none did. */
const failureReasons = (failures: TrafficStatus['failures']) => {
  const counts = Object.entries(failures ?? {}).filter(([, n]) => n > 0);
  if (counts.length === 0) return '';
  return ` (${counts
    .sort(([, a], [, b]) => b - a)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ')})`;
};
