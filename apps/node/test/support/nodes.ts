import { call } from '../../../../test/support/http.js';
import { freePort } from '../../../../test/support/ports.js';
import { CLUSTER_TOKEN, NODE_ENTRY, spawnEntry, stopProcess, type Spawned } from '../../../../test/support/processes.js';
import { waitFor } from '../../../../test/support/wait.js';

export interface TestNode extends Spawned {
  id: string;
  url: string;
  port: number;
  token: string;
  /** Calls this node's control API with its token. */
  control: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
  /** The texts in this node's inbox. */
  inbox: () => Promise<Array<{ id: string; msg: string; from?: string }>>;
}

export const tokenOf = (id: string) => `control-token-of-${id}-0123456789`;

/** Starts a node by hand with a known id and control token, reporting to `hubUrl` if given. */
export async function startTestNode(bootstrapUrl: string, id: string, hubUrl?: string): Promise<TestNode> {
  const token = tokenOf(id);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = spawnEntry(NODE_ENTRY, [], {
    BOOTSTRAP_URL: bootstrapUrl,
    PORT: String(port),
    NODE_ID: id,
    PEERSCOPE_CONTROL_TOKEN: token,
    ...(hubUrl && { PEERSCOPE_HUB_URL: hubUrl, PEERSCOPE_CLUSTER_TOKEN: CLUSTER_TOKEN }),
  });
  try {
    // As test/support's startNode, with room for a machine busy starting thirty nodes at once.
    await waitFor(`${id} registered`, async () => (await call(url)).body.id === id, 30_000);
  } catch (err) {
    await stopProcess(spawned);
    throw new Error(`${(err as Error).message}\n${spawned.output()}`, { cause: err });
  }
  return {
    ...spawned,
    id,
    url,
    port,
    token,
    control: (method, path, body) => call(`${url}/control${path}`, { method, body, token }),
    inbox: async () => (await call(`${url}/messages`)).body.messages,
  };
}

/** Starts nodes `prefix1`…`prefixN`, `batch` at a time so that a small machine keeps up. */
export async function startTestNodes(bootstrapUrl: string, count: number, hubUrl?: string, prefix = 'node', batch = 10): Promise<TestNode[]> {
  const nodes: TestNode[] = [];
  try {
    for (let first = 1; first <= count; first += batch) {
      const ids = Array.from({ length: Math.min(batch, count - first + 1) }, (_, i) => `${prefix}${first + i}`);
      const started = await Promise.allSettled(ids.map((id) => startTestNode(bootstrapUrl, id, hubUrl)));
      for (const outcome of started) if (outcome.status === 'fulfilled') nodes.push(outcome.value);
      const failed = started.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (err) {
    await stopTestNodes(nodes);
    throw err;
  }
  return nodes;
}

export async function stopTestNodes(nodes: TestNode[]): Promise<void> {
  await Promise.all(nodes.map((node) => stopProcess(node)));
}

/** Waits until every node knows all the others (its peer list is complete). */
export async function waitForFullPeerLists(nodes: TestNode[]): Promise<void> {
  for (const node of nodes) {
    await waitFor(`${node.id} to know ${nodes.length - 1} peers`, async () => (await call(node.url + '/peers')).body.peers.length === nodes.length - 1);
  }
}
