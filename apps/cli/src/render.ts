import { describeFaultChange, overlayText, trafficRequestText, trafficTotals } from '@peerscope/network-view';
import type { FaultState, OverlayState, SendResult, StartedNode, TrafficStatus } from '@peerscope/protocol';
import type { Output } from './output.js';

// How answers read in a terminal; the words for the lab's state are the dashboard's (network-view).

const NO_FAULTS: FaultState = { partition: null, links: [], paused: [] };

/** The whole fault picture, one phrase per fault, as the activity log would say it. */
export function faultLines(faults: FaultState): string[] {
  const phrases = describeFaultChange(NO_FAULTS, faults);
  return phrases.length > 0 ? phrases : ['no faults: every link is healthy, no partition, nothing paused'];
}

export function overlayLines(out: Output, overlay: OverlayState): string[] {
  const neighbours = Object.entries(overlay.neighbours).map(([id, peers]) => `  ${id} → ${peers.join(', ') || out.paint('gray', 'none')}`);
  return [`overlay: ${overlayText(overlay)}${overlay.kind === 'full' ? " (every node is every node's neighbour)" : ''}`, ...neighbours];
}

/** `stopped`: the answer to `traffic stop`, whose run ended because it was asked to, not by itself. */
export function trafficLine(out: Output, traffic: TrafficStatus, stopped = false): string {
  const what = trafficRequestText(traffic.request);
  const state = traffic.running ? out.paint('green', 'running') : stopped ? 'stopped' : traffic.request ? 'finished' : 'idle';
  const unanswered = traffic.unanswered ? `, ${traffic.unanswered} unanswered` : '';
  return traffic.request ? `traffic ${state}: ${what}; ${trafficTotals(traffic)}${unanswered}` : `traffic ${state}`;
}

export function sendResultLine(out: Output, result: SendResult): string {
  const route = `${result.from} → ${result.to}`;
  if (result.status === 'delivered') return `${route}  ${out.status('delivered')} in ${result.latencyMs} ms  (id ${result.id})`;
  return `${route}  ${out.status('failed')}: ${result.error?.code ?? 'unknown'}: ${result.error?.message ?? ''}  (id ${result.id})`;
}

export function startedNodeLine(out: Output, verb: string, node: StartedNode): string {
  const where = node.url ? ` at ${node.url}` : '';
  const note = node.status === 'starting' ? ' (not registered yet: it shows in `peerscope nodes` once it joins)' : '';
  return `${node.id} ${verb}, ${out.status(node.status)}${where}${note}`;
}
