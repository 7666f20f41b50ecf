import { connect } from 'node:net';
import Docker from 'dockerode';
import { processExists } from '@peerscope/server-kit';
import { ADMIN_TOKEN, BOOTSTRAP_URL, DASHBOARD_URL, E2E_RUNTIME } from './system.js';

/** A node as the bootstrap's admin API lists it: the truth the dashboard's picture must match. */
export interface TruthNode {
  id: string;
  url: string;
  kind: string;
  status: 'alive' | 'suspect' | 'dead';
  managed: boolean;
}

export interface TrafficAnswer {
  requested: number;
  delivered: number;
  failed: number;
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** `GET /api/nodes` on the bootstrap, with the admin token. */
export async function truthNodes(): Promise<TruthNode[]> {
  const body = await json<{ nodes: TruthNode[] }>(`${BOOTSTRAP_URL}/api/nodes`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return body.nodes;
}

export async function truthNode(id: string): Promise<TruthNode | undefined> {
  return (await truthNodes()).find((n) => n.id === id);
}

/**
 * Whether what runs a node still exists: its operating-system process (its classic `GET /` gives
 * the pid) on the process runtime, its labelled container on the Docker runtime, its server on
 * the pool runtime (its host process runs other nodes and lives on).
 */
export async function existenceOf(id: string): Promise<() => Promise<boolean>> {
  if (E2E_RUNTIME === 'pool') {
    const node = await truthNode(id);
    if (!node) throw new Error(`${id} is not registered`);
    return () => listening(Number(new URL(node.url).port));
  }
  if (E2E_RUNTIME === 'docker') {
    const docker = new Docker();
    return async () => (await docker.listContainers({ all: true, filters: { label: [`peerscope.node-id=${id}`, 'peerscope.managed=true'] } })).length > 0;
  }
  const node = await truthNode(id);
  if (!node) throw new Error(`${id} is not registered`);
  const { pid } = await json<{ pid: number }>(new URL('/', node.url).href);
  return async () => processExists(pid);
}

/** Whether something still accepts connections on the port (a closed server refuses them). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Setup through the dashboard's own routes, for specs whose subject is something else. */
export async function startNodes(count: number): Promise<string[]> {
  const body = await json<{ nodes: Array<{ id: string }> }>(`${DASHBOARD_URL}/api/nodes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count }),
  });
  return body.nodes.map((n) => n.id);
}

export async function crashNode(id: string): Promise<void> {
  await json(`${DASHBOARD_URL}/api/nodes/${encodeURIComponent(id)}?mode=crash`, { method: 'DELETE' });
}

export interface TruthFaults {
  partition: { group: string[]; direction: string } | null;
  links: unknown[];
  paused: string[];
}

/** `GET /api/faults` on the bootstrap. */
export function truthFaults(): Promise<TruthFaults> {
  return json<TruthFaults>(`${BOOTSTRAP_URL}/api/faults`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
}

/** Leaves the lab as the other specs expect it: no faults, nothing paused, a full mesh. */
export async function resetLab(): Promise<void> {
  await json(`${DASHBOARD_URL}/api/faults`, { method: 'DELETE' });
  await json(`${DASHBOARD_URL}/api/overlay`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'full', k: 3 }) });
}

export async function removeNode(id: string): Promise<void> {
  await json(`${DASHBOARD_URL}/api/nodes/${encodeURIComponent(id)}?mode=graceful`, { method: 'DELETE' });
}
