import type {
  BootstrapPresence,
  ActivityEntry,
  ActivityKind,
  Counters,
  FaultState,
  NetworkSnapshot,
  OverlayState,
  TelemetryEvent,
  TrafficStatus,
  ViewGossip,
  ViewLink,
  ViewMessage,
  ViewNode,
} from '@peerscope/protocol';
import { describeFaultChange, overlayText, trafficRequestText, trafficTotals } from './lab-text.js';
import { messageKey } from './message-key.js';

/** How many recent messages the picture keeps. */
export const MESSAGE_HISTORY = 500;
/** How many gossips the picture follows; the oldest is forgotten first. */
export const GOSSIP_HISTORY = 50;
/** How many lines of activity the picture keeps. */
export const ACTIVITY_HISTORY = 200;
/** How many links the picture keeps: the ones used most recently (the least recently used goes first). */
export const LINK_HISTORY = 2_000;
/**
 * How many nodes the picture holds: more than the registry can (the bootstrap runs at most 1,000);
 * past it a node not yet in the picture is left out.
 */
export const NODE_CAPACITY = 2_000;

export const linkId = (from: string, to: string) => `${from}->${to}`;

/** A link every message of which is a claim its sender never confirmed (a course node's, or a forged one). */
export const isUnverifiedLink = (link: Pick<ViewLink, 'messages' | 'unverified'>) => link.unverified > 0 && link.unverified >= link.messages;

type MessageEvent = Extract<TelemetryEvent, { type: `message:${string}` }>;

/** Keeps the clock a node reported for one of a message's events (a course node reports none). */
function stampLamport(message: ViewMessage, at: keyof NonNullable<ViewMessage['lamport']>, lamport: number | undefined): void {
  if (lamport !== undefined) (message.lamport ??= {})[at] = lamport;
}

/**
 * A count plus a reported number, held at Number.MAX_SAFE_INTEGER: a summary's counts come from
 * reporters, and a total past it is no integer the wire schema takes (the hub could not read back
 * a picture it saved).
 */
const plus = (count: number, by: number) => Math.min(count + by, Number.MAX_SAFE_INTEGER);

export const noFaults = (): FaultState => ({ partition: null, links: [], paused: [] });
export const fullMesh = (): OverlayState => ({ kind: 'full', k: 3, neighbours: {} });
export const idleTraffic = (): TrafficStatus => ({ running: false, request: null, startedAt: null, sent: 0, delivered: 0, failed: 0 });

/**
 * The live picture of the network, built by applying telemetry events in sequence order.
 * The hub keeps one and browsers keep a copy: the same code builds both, so they agree.
 * Events from different reporters may arrive in any order (a message can be received before
 * its sender's `sent` arrives); every case below copes with that.
 */
export class NetworkView {
  runtime: string | null = null;
  readonly nodes = new Map<string, ViewNode>();
  readonly links = new Map<string, ViewLink>();
  /** In arrival order, oldest first. */
  readonly messages = new Map<string, ViewMessage>();
  readonly counters: Counters = { sent: 0, delivered: 0, failed: 0, received: 0 };
  /** The bootstrap's faults, overlay and traffic generator, as its last events said. */
  faults: FaultState = noFaults();
  overlay: OverlayState = fullMesh();
  traffic: TrafficStatus = idleTraffic();
  /** The most recent gossips' coverage, oldest first. */
  readonly gossips = new Map<string, ViewGossip>();
  /** Changes to the network other than messages, in event-time order, oldest first. */
  activity: ActivityEntry[] = [];
  private nextActivity = 1;
  /** Up or down as the hub last saw it; null until it first did. */
  bootstrap: BootstrapPresence | null = null;

  /** Takes this dashboard's snapshot, or the protocol's plain one (the dynamics then at their defaults). */
  static fromSnapshot(snapshot: NetworkSnapshot): NetworkView {
    const view = new NetworkView();
    const picture = structuredClone(snapshot);
    view.runtime = picture.runtime;
    // Older hubs' snapshots lack the newer counters.
    for (const node of picture.nodes) view.nodes.set(node.id, { ...node, fromOutside: node.fromOutside ?? 0 });
    for (const link of picture.links) view.links.set(link.id, { ...link, unverified: link.unverified ?? 0 });
    for (const message of picture.messages) view.messages.set(message.id, message);
    Object.assign(view.counters, picture.counters);
    view.faults = picture.faults ?? view.faults;
    view.overlay = picture.overlay ?? view.overlay;
    view.traffic = picture.traffic ?? view.traffic;
    for (const gossip of picture.gossips ?? []) view.gossips.set(gossip.id, gossip);
    view.activity = picture.activity ?? [];
    view.bootstrap = picture.bootstrap ?? null;
    view.nextActivity = view.activity.reduce((max, e) => Math.max(max, e.n), 0) + 1;
    return view;
  }

  snapshot(epoch: string, seq: number): NetworkSnapshot {
    return structuredClone({
      epoch,
      seq,
      runtime: this.runtime,
      nodes: [...this.nodes.values()],
      links: [...this.links.values()],
      messages: [...this.messages.values()],
      counters: this.counters,
      faults: this.faults,
      overlay: this.overlay,
      traffic: this.traffic,
      gossips: [...this.gossips.values()],
      activity: this.activity,
      ...(this.bootstrap && { bootstrap: this.bootstrap }),
    });
  }

  /** Nodes the registry holds alive right now. */
  aliveCount(): number {
    let alive = 0;
    for (const node of this.nodes.values()) if (node.status === 'alive') alive += 1;
    return alive;
  }

  apply(event: TelemetryEvent): void {
    switch (event.type) {
      case 'node:registered': {
        const { node } = event;
        const known = this.nodes.get(node.id);
        if (!known && this.nodes.size >= NODE_CAPACITY) break;
        this.nodes.set(node.id, { sent: 0, received: 0, failed: 0, fromOutside: 0, ...known, ...node });
        if (!known) this.log(event.at, 'node', `${node.id} joined (${node.status})`, node.id);
        else if (known.status !== node.status) this.log(event.at, 'status', `${node.id} ${known.status} → ${node.status}`, node.id);
        else if (known.registeredAt !== node.registeredAt) this.log(event.at, 'node', `${node.id} registered again`, node.id);
        break;
      }
      case 'node:started': {
        if (!this.nodes.has(event.nodeId) && this.nodes.size < NODE_CAPACITY) {
          this.nodes.set(event.nodeId, {
            id: event.nodeId,
            url: event.url,
            kind: 'peerscope',
            status: 'alive',
            registeredAt: event.at,
            lastSeen: event.at,
            sent: 0,
            received: 0,
            failed: 0,
            fromOutside: 0,
          });
          this.log(event.at, 'node', `${event.nodeId} joined (alive)`, event.nodeId);
        }
        break;
      }
      case 'node:status-changed': {
        const node = this.nodes.get(event.nodeId);
        if (node && node.status !== event.status) {
          this.log(event.at, 'status', `${event.nodeId} ${node.status} → ${event.status}`, event.nodeId);
          node.status = event.status;
        }
        break;
      }
      case 'node:deregistered':
        if (this.nodes.delete(event.nodeId)) {
          this.log(event.at, 'node', `${event.nodeId} ${event.reason}`, event.nodeId);
          // Links are between nodes of the picture: a node's go with it.
          for (const [id, link] of this.links) if (link.from === event.nodeId || link.to === event.nodeId) this.links.delete(id);
        }
        break;
      case 'node:stopping':
        break;
      case 'message:sent': {
        const message = this.message(event);
        message.text = event.text;
        message.sentAt = event.at;
        stampLamport(message, 'sent', event.lamport);
        this.counters.sent += 1;
        this.bump(event.from, 'sent');
        // The sender's own connection reports it: a receipt that claimed it is a fact after all.
        if (message.unverified && event.source === event.from && message.from === event.from && message.to === event.to) {
          delete message.unverified;
          const link = this.links.get(linkId(event.from, event.to));
          if (link && link.unverified > 0) link.unverified -= 1;
        }
        break;
      }
      case 'message:received': {
        const message = this.message(event);
        message.text ||= event.text;
        message.receivedAt = event.at;
        stampLamport(message, 'received', event.lamport);
        if (event.duplicate) message.duplicate = true;
        this.counters.received += 1;
        this.bump(event.to, 'received');
        if (!this.nodes.has(event.from)) {
          message.fromOutside = true;
          this.bump(event.to, 'fromOutside');
        }
        if (event.unverified && !message.unverified) {
          message.unverified = true;
          const link = this.links.get(linkId(event.from, event.to));
          if (link) link.unverified += 1;
        }
        break;
      }
      case 'message:delivered': {
        const message = this.message(event);
        message.status = 'delivered';
        message.latencyMs = event.latencyMs;
        stampLamport(message, 'outcome', event.lamport);
        this.counters.delivered += 1;
        break;
      }
      case 'message:failed': {
        const message = this.message(event);
        message.status = 'failed';
        message.error = event.error;
        message.latencyMs = event.latencyMs;
        stampLamport(message, 'outcome', event.lamport);
        this.counters.failed += 1;
        this.bump(event.from, 'failed');
        const link = this.link(event.from, event.to, event.at);
        if (link) link.failed += 1;
        break;
      }
      case 'messages:summarised': {
        // A link's messages are counted once: by the sender's summary, or by the receiver's when
        // the sender is a course node (which reports nothing).
        const link = this.link(event.from, event.to, event.at);
        if (link) {
          link.messages = plus(link.messages, event.sent > 0 || this.nodes.get(event.from)?.kind === 'peerscope' ? event.sent : event.received);
          link.failed = plus(link.failed, event.failed);
        }
        if (!this.nodes.has(event.from)) this.bump(event.to, 'fromOutside', event.received);
        this.counters.sent = plus(this.counters.sent, event.sent);
        this.counters.received = plus(this.counters.received, event.received);
        this.counters.delivered = plus(this.counters.delivered, event.delivered);
        this.counters.failed = plus(this.counters.failed, event.failed);
        this.bump(event.from, 'sent', event.sent);
        this.bump(event.to, 'received', event.received);
        this.bump(event.from, 'failed', event.failed);
        break;
      }
      case 'runtime:changed':
        this.runtime = event.runtime;
        break;
      case 'bootstrap:status-changed':
        if (this.bootstrap?.up !== event.up)
          this.log(event.at, 'bootstrap', event.up ? 'bootstrap up' : 'bootstrap down: the nodes keep their peer lists; joins wait');
        this.bootstrap = { up: event.up, since: event.at };
        break;
      case 'faults:changed': {
        const changes = describeFaultChange(this.faults, event.faults);
        if (changes.length > 0) this.log(event.at, 'faults', changes.join('; '));
        this.faults = event.faults;
        break;
      }
      case 'overlay:changed':
        if (this.overlay.kind !== event.overlay.kind || this.overlay.k !== event.overlay.k)
          this.log(event.at, 'overlay', `overlay: ${overlayText(event.overlay)}`);
        this.overlay = event.overlay;
        break;
      case 'traffic:changed': {
        const [was, is] = [this.traffic, event.traffic];
        if (is.running && (!was.running || was.startedAt !== is.startedAt)) this.log(event.at, 'traffic', `traffic started: ${trafficRequestText(is.request)}`);
        else if (was.running && !is.running) this.log(event.at, 'traffic', `traffic stopped: ${trafficTotals(is)}`);
        this.traffic = is;
        break;
      }
    }
    if (event.type.startsWith('message:')) this.trackGossip(event as MessageEvent);
  }

  /**
   * The message's record, created at whichever of its events arrives first; that first sighting
   * is when its link counts it (a classic sender reports nothing, so it may be the receipt).
   */
  private message({ id, from, to, at, broadcastId, gossip }: MessageEvent): ViewMessage {
    const link = this.link(from, to, at);
    // One lookup for the usual case, a message seen before or not at all.
    const known = this.messages.get(id);
    const key = messageKey(known, { id, from, to });
    let message = key === id ? known : this.messages.get(key);
    if (!message) {
      message = { id: key, from, to, text: '', status: 'sent', sentAt: at };
      this.messages.set(key, message);
      if (this.messages.size > MESSAGE_HISTORY) this.messages.delete(this.messages.keys().next().value!);
      if (link) link.messages += 1;
    }
    if (broadcastId) message.broadcastId = broadcastId;
    if (gossip) message.gossip = { ...gossip };
    return message;
  }

  /**
   * Coverage of a gossip from its hops' events. Hops are reported by many nodes, so their events
   * arrive in any order: each figure is a count, a minimum or a maximum, which do not depend on it.
   */
  private trackGossip(event: MessageEvent): void {
    const hop = event.gossip;
    if (!hop) return;
    let gossip = this.gossips.get(hop.id);
    if (!gossip) {
      gossip = {
        id: hop.id,
        origin: hop.origin,
        startedAt: event.at,
        aliveAtStart: this.aliveCount(),
        reachedAt: {},
        maxHop: 0,
        hops: 0,
        settled: 0,
        duplicates: 0,
        failed: 0,
      };
      this.gossips.set(hop.id, gossip);
      if (this.gossips.size > GOSSIP_HISTORY) this.gossips.delete(this.gossips.keys().next().value!);
    }
    gossip.startedAt = Math.min(gossip.startedAt, event.at);
    if (event.type === 'message:sent') gossip.hops += 1;
    else if (event.type === 'message:delivered') gossip.settled = (gossip.settled ?? 0) + 1;
    else if (event.type === 'message:failed') {
      gossip.failed += 1;
      gossip.settled = (gossip.settled ?? 0) + 1;
    } else if (event.type === 'message:received') {
      if (event.duplicate) gossip.duplicates += 1;
      else gossip.maxHop = Math.max(gossip.maxHop, hop.hop);
      // Only nodes of the picture count as reached, so a gossip's record is bounded by them. Read
      // as an own property: a node may be called `constructor`, which a plain object already has.
      if (event.to !== gossip.origin && this.nodes.has(event.to)) {
        const earlier = Object.hasOwn(gossip.reachedAt, event.to) ? gossip.reachedAt[event.to]! : Infinity;
        gossip.reachedAt[event.to] = Math.min(earlier, event.at);
      }
    }
  }

  /**
   * Adds a line to the activity log where its time puts it: the bootstrap and the hub's own
   * registry sync report separately, so a line that arrives late may belong further back.
   */
  private log(at: number, kind: ActivityKind, text: string, nodeId?: string): void {
    const entry: ActivityEntry = { n: this.nextActivity++, at, kind, text, ...(nodeId !== undefined && { nodeId }) };
    let index = this.activity.length;
    while (index > 0 && this.activity[index - 1]!.at > at) index -= 1;
    this.activity.splice(index, 0, entry);
    if (this.activity.length > ACTIVITY_HISTORY) this.activity.shift();
  }

  /**
   * The link `from → to`, made most recently used; none unless both ends are nodes of the picture,
   * so a sender from outside (any name posted to a node) never becomes a link. Past LINK_HISTORY
   * links, the least recently used is forgotten.
   */
  private link(from: string, to: string, at: number): ViewLink | undefined {
    if (!this.nodes.has(from) || !this.nodes.has(to)) return undefined;
    const id = linkId(from, to);
    let link = this.links.get(id);
    if (link) this.links.delete(id);
    else link = { id, from, to, messages: 0, failed: 0, unverified: 0, lastAt: at };
    this.links.set(id, link);
    if (this.links.size > LINK_HISTORY) this.links.delete(this.links.keys().next().value!);
    link.lastAt = Math.max(link.lastAt, at);
    return link;
  }

  private bump(nodeId: string, counter: 'sent' | 'received' | 'failed' | 'fromOutside', by = 1): void {
    const node = this.nodes.get(nodeId);
    if (node) node[counter] = plus(node[counter], by);
  }
}
