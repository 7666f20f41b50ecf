import { randomUUID } from 'node:crypto';
import {
  BroadcastResultSchema,
  GossipStartedSchema,
  SendResultSchema,
  type BroadcastResult,
  type ControlSendRequest,
  type GossipStarted,
  type SendResult,
} from '@peerscope/protocol';
import { ApiError, postJson, PostTargets, PostTimeoutError, type MessageMetrics, type PostTarget } from '@peerscope/server-kit';
import type { Agent } from 'undici';
import type { z } from 'zod';
import type { Registry } from './registry.js';

/**
 * What the bootstrap asks of a peerscope node through its control API (with the node's own
 * token): send one message, broadcast, start a gossip. The node does the networking and reports
 * it; the bootstrap only passes the answer back.
 */
export class NodeCommands {
  /** `<node url>/control/<command>`, split once per node and command. */
  private readonly targets = new PostTargets(8_192);

  constructor(
    private readonly registry: Registry,
    private readonly agent: Agent,
    /** The node's own message timeout decides outcomes; this only guards against a hung node. */
    private readonly timeoutMs: number,
    /** The longest a faulty link out of a node may hold a message (latency + jitter). */
    private readonly linkDelayOf: (nodeId: string) => number = () => 0,
    /** Counts what was sent and how it went (the metrics); a command the node did not take fails with its error code. */
    private readonly counted?: Pick<MessageMetrics, 'countSent' | 'countDelivered' | 'countFailed'>,
  ) {}

  async send(from: string, to: string, text: string, id: string = randomUUID()): Promise<SendResult> {
    const target = this.registry.get(to) ?? this.registry.findByUrl(to);
    const command: ControlSendRequest = { to, text, id };
    if (target) command.toUrl = target.url;
    this.counted?.countSent();
    let result: SendResult;
    try {
      result = await this.call(from, 'send', command, SendResultSchema);
    } catch (err) {
      this.counted?.countFailed(err instanceof ApiError ? err.code : 'internal');
      throw err;
    }
    this.countResult(result);
    return result;
  }

  async broadcast(from: string, text: string, id: string = randomUUID()): Promise<BroadcastResult> {
    const broadcast = await this.call(from, 'broadcast', { text, id }, BroadcastResultSchema);
    this.counted?.countSent(broadcast.results.length);
    for (const result of broadcast.results) this.countResult(result);
    return broadcast;
  }

  private countResult(result: SendResult): void {
    if (result.status === 'delivered') this.counted?.countDelivered(result.latencyMs);
    else this.counted?.countFailed(result.error?.code ?? 'unknown', result.latencyMs);
  }

  gossip(from: string, text: string, ttl: number, fanout: number, id: string = randomUUID()): Promise<GossipStarted> {
    return this.call(from, 'gossip', { text, id, ttl, fanout }, GossipStartedSchema);
  }

  private async call<S extends z.ZodType>(nodeId: string, command: string, body: object, schema: S): Promise<z.infer<S>> {
    const node = this.registry.get(nodeId);
    if (!node) throw new ApiError('node_unknown', `${nodeId} is not registered`);
    const token = this.registry.controlTokenOf(node.id);
    if (!token) throw new ApiError('node_not_controllable', `${node.id} is a classic node; it has no control API`);
    if (node.status === 'dead') throw new ApiError('node_not_alive', `${node.id} is dead`);
    // The traffic generator sends up to 1,000 of these a second: the cheap client (server-kit's postJson).
    let target: PostTarget;
    try {
      target = this.targets.of(node.url, `control/${command}`);
    } catch (err) {
      throw new ApiError('node_unreachable', `${node.id} did not take the command: ${(err as Error).message}`);
    }
    const timeoutMs = this.timeoutMs + this.linkDelayOf(node.id);
    const outcome = await postJson(this.agent, target, JSON.stringify(body), {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      timeoutMs,
    });
    if ('error' in outcome) {
      if (outcome.error instanceof PostTimeoutError)
        throw new ApiError('node_unanswered', `${node.id} took the command but did not answer within ${timeoutMs} ms; what it did is unknown`);
      throw new ApiError('node_unreachable', `${node.id} did not take the command: ${outcome.error.message}`);
    }
    const { statusCode: status, text } = outcome;
    const parsed = status === 200 ? schema.safeParse(parseJson(text)) : undefined;
    if (!parsed?.success) throw new ApiError('node_unreachable', `${node.id} answered ${status}: ${text.slice(0, 200)}`);
    return parsed.data;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
