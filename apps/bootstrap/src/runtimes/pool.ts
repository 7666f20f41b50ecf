import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import {
  ErrorBodySchema,
  HostNodeSchema,
  HostNodesResponseSchema,
  HostPauseResponseSchema,
  HostReadyMessageSchema,
  HostStopNodeResponseSchema,
  type HostStartNodeRequest,
  type StopMode,
} from '@peerscope/protocol';
import { ApiError, hostCredential, reportTicket } from '@peerscope/server-kit';
import { Agent, request } from 'undici';
import { Gate } from './gate.js';
import { inheritedEnv } from './process.js';
import { LocalProcessOwner, type AdoptedProcess, type OwnedProcess, type ProcessOwner } from './process-owner.js';
import type { Runtime, RuntimeNode, StartOptions } from './runtime.js';

export interface PoolRuntimeOptions {
  /** The compiled host entry point (apps/node/dist/pool/host.js). */
  hostEntry: string;
  /** Settings every node gets (bootstrap url, hub, log level), read at each host's start. */
  env: () => Record<string, string>;
  /**
   * The cluster token, which hosts never see: each host gets a credential derived from it, and
   * each node a report ticket, so a host can report for the nodes it was given and no others.
   */
  clusterToken: () => string;
  /** Most nodes one host runs; a new host is forked when every host has this many. */
  nodesPerHost: number;
  /** Messages one host's nodes have under way at once, all together (0: no bound); more wait their turn. */
  maxPeerRequests?: number;
  /** Hosts to spread nodes over from the start (each forked with its first node). */
  hosts: number;
  /** How long a host may take to stop its nodes before it is killed. */
  stopTimeoutMs?: number;
  /** Who forks the hosts and holds their lifeline: this process (the default) or the launcher. */
  owner?: ProcessOwner;
}

/** A host process: its control API's url and token, and the nodes it runs. */
interface Host {
  id: string;
  token: string;
  /** The host process, once forked. */
  child: Promise<OwnedProcess>;
  /** The host control API's url, once the host says it is ready. */
  ready: Promise<string>;
  nodes: Map<string, RuntimeNode>;
  /** Starts sent to it that have not answered yet. */
  starting: number;
  exited: boolean;
}

/** What a host answered with an error body: its code decides what the runtime makes of it. */
class HostRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const READY_TIMEOUT_MS = 30_000;
const START_TIMEOUT_MS = 60_000;
const CALL_TIMEOUT_MS = 15_000;

/**
 * Many nodes per host process (apps/node/src/pool), each still a whole node on its own loopback
 * port. Hosts are forked on demand with an IPC channel to their owner, their lifeline: when the
 * owner dies, even by `kill -9`, they stop their nodes and exit. Standing alone the owner is this
 * bootstrap; under the launcher it is the launcher, so hosts outlive a bootstrap that dies and the
 * next one adopts them (`init`). The runtime drives them over their host control API; a host that
 * dies takes its nodes with it, and `onLost` says which.
 */
export class PoolRuntime implements Runtime {
  readonly name = 'pool';
  private readonly hosts: Host[] = [];
  private readonly hostOf = new Map<string, Host>();
  private readonly lostListeners: Array<(ids: string[]) => void> = [];
  // A few connections per host: a thousand starts at once queue here rather than open a thousand sockets.
  // Idle ones close within 30 s whatever a host hints; hosts keep theirs 65 s, so this side closes first.
  private readonly agent = new Agent({ connections: 16, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 30_000 });
  private hostCount = 0;
  private closing = false;

  private readonly owner: ProcessOwner;
  /**
   * Hosts boot (load their modules, a second or so of CPU each) about one per core at a time: the
   * forty hosts of a 10,000-node start forked at once could not all be ready within
   * READY_TIMEOUT_MS on two cores, and one failed start ends the launch.
   */
  private readonly forks = new Gate(availableParallelism());

  constructor(private readonly options: PoolRuntimeOptions) {
    this.owner = options.owner ?? new LocalProcessOwner();
  }

  /** Takes over the hosts an earlier bootstrap left with the launcher, and the nodes each runs. */
  async init(): Promise<RuntimeNode[]> {
    const adopted = (await this.owner.adopt()).filter((held) => held.kind === 'pool-host');
    const nodes = await Promise.all(adopted.map((held) => this.adoptHost(held)));
    return nodes.flat();
  }

  private async adoptHost(held: AdoptedProcess): Promise<RuntimeNode[]> {
    const id = held.identity.PEERSCOPE_HOST_ID;
    const token = held.identity.PEERSCOPE_HOST_TOKEN;
    if (!id || !token) return [];
    this.hostCount = Math.max(this.hostCount, Number(/(\d+)$/.exec(id)?.[1] ?? 0));
    const said = HostReadyMessageSchema.safeParse(held.lastMessage);
    const host = this.addHost(id, token, Promise.resolve(held.process), said.success ? Promise.resolve(said.data.url) : undefined);
    const { nodes } = HostNodesResponseSchema.parse(await this.call(host, 'GET', '/nodes'));
    for (const node of nodes) {
      host.nodes.set(node.id, { id: node.id, handle: `${host.id}:${node.port}`, startedAt: node.startedAt });
      this.hostOf.set(node.id, host);
    }
    return [...host.nodes.values()];
  }

  async start(id: string, options: StartOptions = {}): Promise<RuntimeNode> {
    if (!options.controlToken) throw new Error('a pooled node needs the control token its id was claimed with');
    const host = this.assign();
    host.starting += 1;
    try {
      const body: HostStartNodeRequest = { id, controlToken: options.controlToken, reportTicket: reportTicket(this.options.clusterToken(), host.id, id) };
      const started = HostNodeSchema.parse(await this.call(host, 'POST', '/nodes', body, START_TIMEOUT_MS));
      // The host died just after it answered: the node went with it.
      if (host.exited) throw new Error(`${host.id} exited`);
      const node: RuntimeNode = { id, handle: `${host.id}:${started.port}`, startedAt: started.startedAt };
      host.nodes.set(id, node);
      this.hostOf.set(id, host);
      return node;
    } finally {
      host.starting -= 1;
    }
  }

  async stop(id: string, mode: StopMode): Promise<boolean> {
    return this.onHostOf(id, async (host) => {
      HostStopNodeResponseSchema.parse(await this.call(host, 'DELETE', `/nodes/${encodeURIComponent(id)}?mode=${mode}`));
      this.forget(id, host);
    });
  }

  async pause(id: string): Promise<boolean> {
    return this.onHostOf(id, async (host) => HostPauseResponseSchema.parse(await this.call(host, 'POST', `/nodes/${encodeURIComponent(id)}/pause`)));
  }

  async resume(id: string): Promise<boolean> {
    return this.onHostOf(id, async (host) => HostPauseResponseSchema.parse(await this.call(host, 'POST', `/nodes/${encodeURIComponent(id)}/resume`)));
  }

  async list(): Promise<RuntimeNode[]> {
    return this.hosts.flatMap((host) => [...host.nodes.values()]);
  }

  onLost(listener: (ids: string[]) => void): void {
    this.lostListeners.push(listener);
  }

  /** Stops every host (each stops its nodes gracefully), killing one that takes too long. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.hosts.map((host) => this.stopHost(host)));
    await this.agent.close();
  }

  /** The host for a new node: the one with the fewest nodes among those with room, or a new one. */
  private assign(): Host {
    const load = (host: Host) => host.nodes.size + host.starting;
    const roomy = this.hosts.filter((host) => load(host) < this.options.nodesPerHost);
    if (roomy.length === 0 || this.hosts.length < this.options.hosts) return this.forkHost();
    return roomy.reduce((least, host) => (load(host) < load(least) ? host : least));
  }

  private forkHost(): Host {
    this.hostCount += 1;
    const id = `pool-host-${this.hostCount}`;
    const token = randomBytes(24).toString('base64url');
    const { PEERSCOPE_CLUSTER_TOKEN: _, ...nodeEnv } = this.options.env();
    let spawned!: (child: Promise<OwnedProcess>) => void;
    const host = this.addHost(id, token, new Promise<OwnedProcess>((resolve) => (spawned = resolve)));
    // The host holds its turn until it is ready (or failed); its readiness is timed from its own fork.
    void this.forks.run(async () => {
      // A host still waiting for its turn when the runtime closes is never forked.
      if (this.closing) return spawned(Promise.reject(new Error(`${id} was not started: the runtime is closing`)));
      spawned(
        this.owner.spawn('pool-host', this.options.hostEntry, {
          ...inheritedEnv(),
          ...nodeEnv,
          PEERSCOPE_HOST_ID: id,
          PEERSCOPE_HOST_CREDENTIAL: hostCredential(this.options.clusterToken(), id),
          PEERSCOPE_HOST_TOKEN: token,
          PEERSCOPE_POOL_NODES_PER_HOST: String(this.options.nodesPerHost),
          ...(this.options.maxPeerRequests !== undefined && { PEERSCOPE_POOL_MAX_PEER_REQUESTS: String(this.options.maxPeerRequests) }),
        }),
      );
      await host.ready.catch(() => undefined);
    });
    return host;
  }

  /** A host forked now or adopted: its url comes with its `ready` (already known for an adopted one). */
  private addHost(id: string, token: string, child: Promise<OwnedProcess>, knownUrl?: Promise<string>): Host {
    const ready =
      knownUrl ??
      child.then(
        (process) =>
          new Promise<string>((resolve, reject) => {
            const timer = setTimeout(() => {
              reject(new Error(`${id} was not ready after ${READY_TIMEOUT_MS / 1000} s`));
              process.kill('SIGKILL');
            }, READY_TIMEOUT_MS);
            process.onMessage((message) => {
              const parsed = HostReadyMessageSchema.safeParse(message);
              if (!parsed.success) return;
              clearTimeout(timer);
              resolve(parsed.data.url);
            });
            void process.exited.then(() => {
              clearTimeout(timer);
              reject(new Error(`${id} exited before it was ready`));
            });
          }),
      );
    // Its starts see the failure; nobody else waits on it.
    ready.catch(() => undefined);
    const host: Host = { id, token, child, ready, nodes: new Map(), starting: 0, exited: false };
    void child.then(
      (process) => process.exited.then(() => this.onHostExit(host)),
      () => this.onHostExit(host),
    );
    this.hosts.push(host);
    return host;
  }

  /** A host that ended took its nodes with it: they leave the list, and the listeners hear which. */
  private onHostExit(host: Host): void {
    if (host.exited) return;
    host.exited = true;
    this.hosts.splice(this.hosts.indexOf(host), 1);
    const ids = [...host.nodes.keys()];
    for (const id of ids) this.forget(id, host);
    if (ids.length > 0 && !this.closing) for (const listener of this.lostListeners) listener(ids);
  }

  private forget(id: string, host: Host): void {
    host.nodes.delete(id);
    if (this.hostOf.get(id) === host) this.hostOf.delete(id);
  }

  /** Runs `action` on the host of `id`: false when no host runs it (or its host no longer knows it). */
  private async onHostOf(id: string, action: (host: Host) => Promise<unknown>): Promise<boolean> {
    const host = this.hostOf.get(id);
    if (!host) return false;
    try {
      await action(host);
      return true;
    } catch (err) {
      if (err instanceof HostRefusal && err.code === 'node_unknown') {
        this.forget(id, host);
        return false;
      }
      throw err;
    }
  }

  private async stopHost(host: Host): Promise<void> {
    if (host.exited) return;
    const child = await host.child.catch(() => undefined);
    if (!child || !child.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs ?? 15_000);
    await child.exited;
    clearTimeout(timer);
  }

  /** One call to a host's control API; an error answer becomes a HostRefusal, no answer a runtime_failed. */
  private async call(host: Host, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = CALL_TIMEOUT_MS): Promise<unknown> {
    const url = await host.ready;
    let status: number;
    let text: string;
    try {
      const response = await request(new URL(path, url), {
        method,
        dispatcher: this.agent,
        headers: { authorization: `Bearer ${host.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (err) {
      throw new ApiError('runtime_failed', `${host.id} did not answer ${method} ${path}: ${(err as Error).message}`);
    }
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiError('runtime_failed', `${host.id} answered ${method} ${path} with ${status} and no JSON: ${text.slice(0, 200)}`);
    }
    if (status >= 200 && status < 300) return json;
    const error = ErrorBodySchema.safeParse(json);
    throw new HostRefusal(status, error.data?.error.code, `${host.id} answered ${status}: ${error.data?.error.message ?? text.slice(0, 200)}`);
  }
}
