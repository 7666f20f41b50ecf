import type { CutDirection, LinkFaultRule, OverlayKind } from '@peerscope/protocol';
import { GOSSIP_LIMITS } from '@peerscope/protocol/limits';
import { linkFaultLabel, overlayText, ruleTarget } from '@peerscope/network-view';
import { dashboardApi, type ApiFailure } from './dashboard-api';

/**
 * Every action the page can take on the network, once: the panels, the context menu, the command
 * palette and the keyboard shortcuts all call these, so an action reads (and reports) the same
 * wherever it was started. Each one calls the typed client and tells the person what came of it.
 */

export type Notify = (tone: 'ok' | 'error', text: string) => void;

/** How a failed call reads in a toast, the same for every action: what failed, why, and its code. */
export const failureText = (action: string, error: ApiFailure) => `${action} failed: ${error.message} (${error.code})`;

/** What the menu and the palette send when no text was typed. */
export const DEFAULT_TEXT = 'hello';
export const DEFAULT_GOSSIP = { ttl: 8, fanout: 3 } as const satisfies { ttl: number; fanout: number };
export const DEFAULT_TRAFFIC_COUNT = 50;

export type NodeAction = 'remove' | 'crash' | 'pause' | 'resume' | 'restart';

const NODE_CALL = {
  remove: dashboardApi.removeNode,
  crash: dashboardApi.crashNode,
  pause: dashboardApi.pauseNode,
  resume: dashboardApi.resumeNode,
  restart: dashboardApi.restartNode,
} satisfies Record<NodeAction, (id: string) => unknown>;
const NODE_DONE: Record<NodeAction, string> = { remove: 'Removed', crash: 'Crashed', pause: 'Paused', resume: 'Resumed', restart: 'Restarted' };
const NODE_NAME: Record<NodeAction, string> = { remove: 'Remove', crash: 'Crash', pause: 'Pause', resume: 'Resume', restart: 'Restart' };

export async function addNodes(count: number, notify: Notify): Promise<void> {
  const result = await dashboardApi.startNodes(count);
  if (result.ok) notify('ok', `Started ${result.data.nodes.map((n) => n.id).join(', ')}`);
  else notify('error', failureText('Add node', result.error));
}

/** Remove, crash, pause, resume or restart one node. */
export async function nodeAction(action: NodeAction, id: string, notify: Notify): Promise<boolean> {
  const result = await NODE_CALL[action](id);
  if (result.ok) notify('ok', `${NODE_DONE[action]} ${id}`);
  else notify('error', failureText(`${NODE_NAME[action]} node`, result.error));
  return result.ok;
}

/** The same action on several nodes at once (a picked group), reported once. */
export async function nodeActionAll(action: NodeAction, ids: string[], notify: Notify): Promise<void> {
  const results = await Promise.all(ids.map((id) => NODE_CALL[action](id)));
  const failed = results.flatMap((r, i) => (r.ok ? [] : [`${ids[i]}: ${r.error.message}`]));
  if (failed.length === 0) notify('ok', `${NODE_DONE[action]} ${ids.join(', ')}`);
  else notify('error', `${NODE_NAME[action]} failed for ${failed.join('; ')}`);
}

export async function sendMessage(request: { from: string; to: string; text: string }, notify: Notify): Promise<void> {
  const result = await dashboardApi.sendMessage(request);
  if (!result.ok) notify('error', failureText('Send', result.error));
  else if (result.data.status === 'delivered') notify('ok', `${result.data.from} → ${result.data.to} delivered in ${result.data.latencyMs} ms`);
  else notify('error', `${result.data.from} → ${result.data.to} failed: ${result.data.error?.code}`);
}

export async function broadcast(request: { from: string; text: string }, notify: Notify): Promise<void> {
  const result = await dashboardApi.broadcast(request);
  if (!result.ok) return notify('error', failureText('Broadcast', result.error));
  const delivered = result.data.results.filter((r) => r.status === 'delivered').length;
  const failed = result.data.results.length - delivered;
  notify(failed ? 'error' : 'ok', `Broadcast from ${request.from}: ${delivered} delivered, ${failed} failed`);
}

/** Starts a gossip; resolves with its id (for the gossip panel), or undefined when it did not start. */
export async function startGossip(request: { from: string; text?: string; ttl?: number; fanout?: number }, notify: Notify): Promise<string | undefined> {
  const ttl = Math.min(request.ttl ?? DEFAULT_GOSSIP.ttl, GOSSIP_LIMITS.maxTtl);
  const fanout = Math.min(request.fanout ?? DEFAULT_GOSSIP.fanout, GOSSIP_LIMITS.maxFanout);
  const result = await dashboardApi.startGossip({ from: request.from, text: request.text ?? DEFAULT_TEXT, ttl, fanout });
  if (!result.ok) {
    notify('error', failureText('Gossip', result.error));
    return undefined;
  }
  notify('ok', `Gossip from ${request.from} started (TTL ${result.data.ttl}, fan-out ${result.data.fanout})`);
  return result.data.id;
}

export async function randomTraffic(count: number, notify: Notify): Promise<void> {
  const result = await dashboardApi.sendRandomTraffic(count);
  if (result.ok) notify(result.data.failed ? 'error' : 'ok', `Random traffic: ${result.data.delivered} delivered, ${result.data.failed} failed`);
  else notify('error', failureText('Random traffic', result.error));
}

export async function startTraffic(request: { rate: number; durationS: number }, notify: Notify): Promise<void> {
  const result = await dashboardApi.startTraffic(request);
  if (result.ok) notify('ok', `Traffic started: ${request.rate} msg/s for ${request.durationS} s`);
  else notify('error', failureText('Start traffic', result.error));
}

export async function stopTraffic(notify: Notify): Promise<void> {
  const result = await dashboardApi.stopTraffic();
  if (result.ok) notify('ok', `Traffic stopped: ${result.data.sent} sent, ${result.data.delivered} delivered, ${result.data.failed} failed`);
  else notify('error', failureText('Stop traffic', result.error));
}

export async function partition(group: string[], direction: CutDirection, notify: Notify): Promise<void> {
  const result = await dashboardApi.partition({ group, direction });
  if (result.ok) notify('ok', `Partitioned ${group.join(', ')} from the rest (${direction})`);
  else notify('error', failureText('Partition', result.error));
}

export async function healPartition(notify: Notify): Promise<void> {
  const result = await dashboardApi.healPartition();
  if (result.ok) notify('ok', 'Healed the partition');
  else notify('error', failureText('Heal', result.error));
}

export async function resetFaults(notify: Notify): Promise<void> {
  const result = await dashboardApi.resetFaults();
  if (result.ok) notify('ok', 'Faults reset: no partition, no link faults, nothing paused');
  else notify('error', failureText('Reset faults', result.error));
}

export async function setLinkFault(rule: LinkFaultRule, notify: Notify): Promise<void> {
  const result = await dashboardApi.setLinkFault(rule);
  const label = linkFaultLabel(rule);
  if (result.ok) notify('ok', label ? `Link fault on ${ruleTarget(rule)}: ${label}` : `Link fault on ${ruleTarget(rule)} cleared`);
  else notify('error', failureText('Apply link fault', result.error));
}

export async function setOverlay(request: { kind: OverlayKind; k?: number }, notify: Notify): Promise<void> {
  const result = await dashboardApi.setOverlay(request);
  if (result.ok) notify('ok', `Overlay: ${overlayText(result.data)}`);
  else notify('error', failureText('Apply overlay', result.error));
}

export async function crashBootstrap(notify: Notify): Promise<void> {
  const result = await dashboardApi.crashBootstrap();
  if (result.ok) notify('ok', 'Bootstrap crashed: the nodes keep talking; it will be back in a few seconds');
  else notify('error', failureText('Crash bootstrap', result.error));
}
