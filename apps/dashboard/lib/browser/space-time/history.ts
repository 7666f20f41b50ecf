import type { FaultState, NodeStatus, TelemetryEvent, ViewMessage } from '@peerscope/protocol';
import { messageKey, type NetworkView } from '@peerscope/network-view';

/** Messages the diagram remembers; the oldest is forgotten first. */
export const HISTORY_MESSAGES = 3_000;
/** Lifeline marks (crashes, pauses, partitions…) it remembers; a forgotten one still sets the state it left. */
export const HISTORY_MARKS = 1_000;

/** When an event happened: the reporter's wall clock, and its node's Lamport clock when it has one. */
export interface Stamp {
  at: number;
  lamport?: number;
}

/** One message as the diagram draws it: its send, receipt and outcome, each when it is known. */
export interface DiagramMessage {
  id: string;
  from: string;
  to: string;
  sent?: Stamp;
  received?: Stamp;
  outcome?: Stamp;
  status: 'sent' | 'delivered' | 'failed';
  error?: { code: string; message: string };
  gossip?: { id: string; hop: number };
  broadcastId?: string;
  duplicate?: boolean;
}

/** How a lifeline is drawn from some moment on. */
export interface LifelineState {
  status: NodeStatus | 'absent';
  paused: boolean;
  /** Inside a partition: the cut-off group, or the rest of the network. */
  cut: 'group' | 'rest' | null;
}

export type MarkKind = 'joined' | 'restarted' | 'suspect' | 'dead' | 'alive' | 'stopping' | 'left' | 'paused' | 'resumed' | 'cut' | 'healed';

/** Something that happened to one node, drawn on its lifeline; `state` is the lifeline's from here on. */
export interface LifelineMark {
  node: string;
  at: number;
  kind: MarkKind;
  text: string;
  state: LifelineState;
}

const ABSENT: LifelineState = { status: 'absent', paused: false, cut: null };

/**
 * What the space-time diagram draws, kept from the page's updates: a snapshot starts it over
 * from what the snapshot holds (its recent messages, each node's state), deltas add to it. Bounded:
 * the last HISTORY_MESSAGES messages and HISTORY_MARKS marks. Pure: no DOM, no timers.
 */
export class DiagramHistory {
  readonly messages = new Map<string, DiagramMessage>();
  /** How many of the messages kept each node sent or received (kept as they come and go, for the busiest lifelines). */
  readonly messagesPerNode = new Map<string, number>();
  /** In arrival order (roughly time order: the layout sorts). */
  marks: LifelineMark[] = [];
  /** Each node's state before the first mark kept. */
  readonly baseline = new Map<string, LifelineState>();
  /** Each node's state after the last mark, and when it (re)registered. */
  private readonly current = new Map<string, LifelineState & { registeredAt?: number }>();
  private faults: FaultState = { partition: null, links: [], paused: [] };
  /** Changes with every change, so a drawing knows when it is stale. */
  version = 0;

  constructor(
    private readonly maxMessages = HISTORY_MESSAGES,
    private readonly maxMarks = HISTORY_MARKS,
  ) {}

  /** Starts over from a picture (a snapshot, a seek): its messages, and each node's state now. */
  reset(view: NetworkView): void {
    this.messages.clear();
    this.messagesPerNode.clear();
    this.marks = [];
    this.baseline.clear();
    this.current.clear();
    this.faults = view.faults;
    for (const node of view.nodes.values()) {
      const state = { status: node.status, paused: view.faults.paused.includes(node.id), cut: cutSide(view.faults, node.id) };
      this.baseline.set(node.id, state);
      this.current.set(node.id, { ...state, registeredAt: node.registeredAt });
    }
    for (const message of view.messages.values()) this.remember(fromViewMessage(message));
    this.version += 1;
  }

  apply(event: TelemetryEvent): void {
    switch (event.type) {
      case 'message:sent':
      case 'message:received':
      case 'message:delivered':
      case 'message:failed':
        this.onMessage(event);
        break;
      case 'node:registered': {
        const known = this.current.get(event.node.id);
        if (!known || known.status === 'absent') this.mark(event.node.id, event.at, 'joined', 'joined', { status: event.node.status });
        else if (known.registeredAt !== undefined && known.registeredAt !== event.node.registeredAt) {
          this.mark(event.node.id, event.at, 'restarted', 'registered again (restarted)', { status: event.node.status });
        } else if (known.status !== event.node.status) this.onStatus(event.node.id, event.at, event.node.status);
        const now = this.current.get(event.node.id);
        if (now) now.registeredAt = event.node.registeredAt;
        break;
      }
      case 'node:started': {
        const known = this.current.get(event.nodeId);
        if (!known || known.status === 'absent') this.mark(event.nodeId, event.at, 'joined', 'started', { status: 'alive' });
        else if (known.status === 'dead') this.mark(event.nodeId, event.at, 'restarted', 'started again', { status: 'alive' });
        break;
      }
      case 'node:status-changed':
        this.onStatus(event.nodeId, event.at, event.status);
        break;
      case 'node:stopping':
        this.mark(event.nodeId, event.at, 'stopping', 'stopping (graceful)', {});
        break;
      case 'node:deregistered':
        this.mark(event.nodeId, event.at, 'left', event.reason === 'left' ? 'left' : 'forgotten (dead too long)', {
          status: 'absent',
          paused: false,
          cut: null,
        });
        break;
      case 'faults:changed':
        this.onFaults(event.at, event.faults);
        break;
      default:
        break;
    }
  }

  private onMessage(event: Extract<TelemetryEvent, { type: 'message:sent' | 'message:received' | 'message:delivered' | 'message:failed' }>): void {
    // A receipt posted under a copied id is drawn as a message of its own, as the picture keeps it.
    const known = this.messages.get(event.id);
    const key = messageKey(known, event);
    let message = key === event.id ? known : this.messages.get(key);
    if (!message) {
      message = { id: key, from: event.from, to: event.to, status: 'sent' };
      if (event.gossip) message.gossip = { id: event.gossip.id, hop: event.gossip.hop };
      if (event.broadcastId) message.broadcastId = event.broadcastId;
      this.remember(message);
    }
    const stamp: Stamp = event.lamport === undefined ? { at: event.at } : { at: event.at, lamport: event.lamport };
    if (event.type === 'message:sent') message.sent = stamp;
    else if (event.type === 'message:received') {
      message.received ??= stamp;
      if (event.duplicate) message.duplicate = true;
    } else {
      message.outcome = stamp;
      message.status = event.type === 'message:delivered' ? 'delivered' : 'failed';
      if (event.type === 'message:failed') message.error = { code: event.error.code, message: event.error.message };
    }
    this.version += 1;
  }

  private onStatus(node: string, at: number, status: NodeStatus): void {
    const known = this.current.get(node);
    if (known?.status === status) return;
    // A node paused until it was declared dead comes back by its heartbeats once resumed: no restart.
    if (status === 'alive' && known?.status === 'dead' && this.lastMarkOf(node)?.kind === 'resumed') {
      this.mark(node, at, 'alive', 'alive again (resumed)', { status });
    } else if (status === 'alive' && known?.status === 'dead') this.mark(node, at, 'restarted', 'alive again (restarted)', { status });
    else
      this.mark(
        node,
        at,
        status,
        status === 'dead' ? 'dead (crashed, or gone without a goodbye)' : status === 'suspect' ? 'suspect (heartbeats missed)' : 'alive',
        { status },
      );
  }

  /** Pauses and partitions, as marks on each node they changed. */
  private onFaults(at: number, faults: FaultState): void {
    const before = this.faults;
    this.faults = faults;
    const nodes = new Set([...this.current.keys(), ...faults.paused, ...before.paused]);
    for (const node of nodes) {
      const [was, is] = [before.paused.includes(node), faults.paused.includes(node)];
      if (!was && is) this.mark(node, at, 'paused', 'paused (frozen)', { paused: true });
      else if (was && !is) this.mark(node, at, 'resumed', 'resumed', { paused: false });
      const [wasCut, isCut] = [cutSide(before, node), cutSide(faults, node)];
      if (wasCut === isCut) continue;
      if (isCut) this.mark(node, at, 'cut', isCut === 'group' ? 'partitioned: in the cut-off group' : 'partitioned: the rest of the network', { cut: isCut });
      else this.mark(node, at, 'healed', 'partition healed', { cut: null });
    }
  }

  private lastMarkOf(node: string): LifelineMark | undefined {
    for (let i = this.marks.length - 1; i >= 0; i--) if (this.marks[i]!.node === node) return this.marks[i];
    return undefined;
  }

  private mark(node: string, at: number, kind: MarkKind, text: string, change: Partial<LifelineState>): void {
    const known = this.current.get(node);
    const state: LifelineState = { ...ABSENT, ...(known && { status: known.status, paused: known.paused, cut: known.cut }), ...change };
    if (!this.baseline.has(node)) this.baseline.set(node, { ...ABSENT });
    this.current.set(node, { ...state, ...(known?.registeredAt !== undefined && { registeredAt: known.registeredAt }) });
    this.marks.push({ node, at, kind, text, state });
    // A forgotten mark still sets its node's state from there on.
    if (this.marks.length > this.maxMarks) {
      const gone = this.marks.shift()!;
      this.baseline.set(gone.node, gone.state);
    }
    this.version += 1;
  }

  private remember(message: DiagramMessage): void {
    this.messages.set(message.id, message);
    this.count(message, 1);
    if (this.messages.size > this.maxMessages) {
      const oldest = this.messages.values().next().value!;
      this.messages.delete(oldest.id);
      this.count(oldest, -1);
    }
  }

  private count({ from, to }: DiagramMessage, by: 1 | -1): void {
    for (const node of from === to ? [from] : [from, to]) {
      const count = (this.messagesPerNode.get(node) ?? 0) + by;
      if (count > 0) this.messagesPerNode.set(node, count);
      else this.messagesPerNode.delete(node);
    }
  }
}

function cutSide(faults: FaultState, node: string): LifelineState['cut'] {
  if (!faults.partition) return null;
  return faults.partition.group.includes(node) ? 'group' : 'rest';
}

/** A message from a snapshot: its outcome's time is its send's plus its latency. */
function fromViewMessage(m: ViewMessage): DiagramMessage {
  const stamp = (at: number, lamport: number | undefined): Stamp => (lamport === undefined ? { at } : { at, lamport });
  const message: DiagramMessage = { id: m.id, from: m.from, to: m.to, status: m.status, sent: stamp(m.sentAt, m.lamport?.sent) };
  if (m.receivedAt !== undefined) message.received = stamp(m.receivedAt, m.lamport?.received);
  if (m.status !== 'sent') message.outcome = stamp(m.sentAt + Math.round(m.latencyMs ?? 0), m.lamport?.outcome);
  if (m.error) message.error = { ...m.error };
  if (m.gossip) message.gossip = { id: m.gossip.id, hop: m.gossip.hop };
  if (m.broadcastId) message.broadcastId = m.broadcastId;
  if (m.duplicate) message.duplicate = true;
  return message;
}
