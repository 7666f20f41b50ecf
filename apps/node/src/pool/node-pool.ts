import type { HostNode, HostStartNodeRequest, StopMode } from '@peerscope/protocol';
import { ApiError, type Logger } from '@peerscope/server-kit';
import type { TelemetryReporter } from '@peerscope/telemetry';
import type { Agent } from 'undici';
import { createNodeApp, nodeAgent, type PeerNode } from '../app.js';
import type { NodeConfig } from '../config.js';
import { PeerList } from '../peer-list.js';
import { SendTurns } from './send-turns.js';

export interface NodePoolOptions {
  /** The settings every node shares; each gets its own id, control token and port. */
  node: NodeConfig;
  maxNodes: number;
  /** The nodes' messages under way at once, all together (SendTurns); 0 or unset: no bound. */
  maxPeerRequests?: number;
  logger: Logger;
  /**
   * Where a node's telemetry goes, given the report ticket its start came with. Unset, each node
   * has its own connection to the hub; a host reporter shared by all of them plugs in here.
   */
  reporterFor?: (id: string, reportTicket: string | undefined) => TelemetryReporter;
  /** How long a graceful stop may take before the node is crashed instead. */
  gracefulTimeoutMs?: number;
}

/** How long a message may wait for its turn to leave before it fails: five of the default message timeouts. */
const SEND_TURN_MAX_WAIT_MS = 10_000;

interface Entry {
  node: PeerNode;
  view: Omit<HostNode, 'paused'>;
}

/** The nodes one host process runs: each a whole node (createNodeApp) with its own server and port. */
export class NodePool {
  private readonly nodes = new Map<string, Entry>();
  private readonly starting = new Set<string>();
  /** One peer list for every node here: each change to the network is read once per host, not once per node. */
  private readonly peerList = new PeerList();
  /**
   * One HTTP client for every node's messages here: a thousand nodes sending to random peers would otherwise
   * open (and later close) a connection for nearly every message, the largest cost of a message
   * at that size. Each node still has its own gate on it (pause, crash): see outbound-gate.ts.
   */
  private readonly agent: Agent;
  /** The host's bound on its nodes' messages under way (none: unset or 0). */
  private readonly sendTurns: SendTurns | undefined;

  constructor(private readonly options: NodePoolOptions) {
    this.agent = nodeAgent(options.node);
    if (options.maxPeerRequests) this.sendTurns = new SendTurns(options.maxPeerRequests, SEND_TURN_MAX_WAIT_MS);
  }

  /** Starts a node; resolves once it listens (it joins the network in the background). */
  async start({ id, controlToken, reportTicket }: HostStartNodeRequest): Promise<HostNode> {
    if (this.nodes.has(id) || this.starting.has(id)) throw new ApiError('id_taken', `${id} already runs in this host`);
    if (this.nodes.size + this.starting.size >= this.options.maxNodes) {
      throw new ApiError('too_many_nodes', `this host runs ${this.options.maxNodes} nodes already (PEERSCOPE_POOL_NODES_PER_HOST)`);
    }
    this.starting.add(id);
    try {
      const { reporterFor } = this.options;
      const node = createNodeApp(
        { ...this.options.node, id, controlToken },
        {
          logger: this.options.logger.child({ node: id }),
          peerList: this.peerList,
          sharedAgent: this.agent,
          ...(this.sendTurns && { sendTurns: this.sendTurns }),
          ...(reporterFor && { reporterFor: (nodeId: string) => reporterFor(nodeId, reportTicket) }),
        },
      );
      const port = await node.start();
      const entry: Entry = { node, view: { id, url: node.identity.url, port, startedAt: Date.now() } };
      this.nodes.set(id, entry);
      return viewOf(entry);
    } catch (err) {
      throw new ApiError('runtime_failed', `${id} could not start in this host: ${(err as Error).message}`);
    } finally {
      this.starting.delete(id);
    }
  }

  /** `graceful`: the node says goodbye and closes (crashed if that takes too long); `crash`: gone at once. */
  async stop(id: string, mode: StopMode): Promise<void> {
    const { node } = this.require(id);
    this.nodes.delete(id);
    if (mode === 'crash') return node.crash();
    await this.stopGracefully(node);
  }

  pause(id: string): HostNode {
    const entry = this.require(id);
    entry.node.pause();
    return viewOf(entry);
  }

  resume(id: string): HostNode {
    const entry = this.require(id);
    entry.node.resume();
    return viewOf(entry);
  }

  list(): HostNode[] {
    return [...this.nodes.values()].map(viewOf);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Stops every node gracefully, in parallel. */
  async stopAll(): Promise<void> {
    const entries = [...this.nodes.values()];
    this.nodes.clear();
    await Promise.all(entries.map(({ node }) => this.stopGracefully(node)));
    await this.agent.close();
  }

  private async stopGracefully(node: PeerNode): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), this.options.gracefulTimeoutMs ?? 5_000)));
    const outcome = await Promise.race([node.stop().catch(() => undefined), late]);
    clearTimeout(timer);
    if (outcome === 'late') node.crash();
  }

  private require(id: string): Entry {
    const entry = this.nodes.get(id);
    if (!entry) throw new ApiError('node_unknown', `${id} does not run in this host`);
    return entry;
  }
}

const viewOf = ({ node, view }: Entry): HostNode => ({ ...view, paused: node.paused });
