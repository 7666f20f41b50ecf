import type { Counters, NetworkSnapshot, TelemetryEvent, ViewLink, ViewMessage, ViewNode } from '@peerscope/protocol';

/** How many recent messages the picture keeps. */
export const MESSAGE_HISTORY = 500;

export const linkId = (from: string, to: string) => `${from}->${to}`;

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

  static fromSnapshot(snapshot: NetworkSnapshot): NetworkView {
    const view = new NetworkView();
    view.runtime = snapshot.runtime;
    for (const node of snapshot.nodes) view.nodes.set(node.id, { ...node });
    for (const link of snapshot.links) view.links.set(link.id, { ...link });
    for (const message of snapshot.messages) view.messages.set(message.id, { ...message });
    Object.assign(view.counters, snapshot.counters);
    return view;
  }

  snapshot(epoch: string, seq: number): NetworkSnapshot {
    return {
      epoch,
      seq,
      runtime: this.runtime,
      nodes: [...this.nodes.values()],
      links: [...this.links.values()],
      messages: [...this.messages.values()],
      counters: { ...this.counters },
    };
  }

  apply(event: TelemetryEvent): void {
    switch (event.type) {
      case 'node:registered': {
        const { node } = event;
        const known = this.nodes.get(node.id);
        this.nodes.set(node.id, { sent: 0, received: 0, failed: 0, ...known, ...node });
        break;
      }
      case 'node:started': {
        if (!this.nodes.has(event.nodeId)) {
          this.nodes.set(event.nodeId, { id: event.nodeId, url: event.url, kind: 'peerscope', status: 'alive', registeredAt: event.at, lastSeen: event.at, sent: 0, received: 0, failed: 0 });
        }
        break;
      }
      case 'node:status-changed': {
        const node = this.nodes.get(event.nodeId);
        if (node) node.status = event.status;
        break;
      }
      case 'node:deregistered':
        this.nodes.delete(event.nodeId);
        break;
      case 'node:stopping':
        break;
      case 'message:sent': {
        const message = this.message(event.id, event.from, event.to, event.at);
        message.text = event.text;
        message.sentAt = event.at;
        this.counters.sent += 1;
        this.bump(event.from, 'sent');
        break;
      }
      case 'message:received': {
        const message = this.message(event.id, event.from, event.to, event.at);
        message.text ||= event.text;
        message.receivedAt = event.at;
        this.counters.received += 1;
        this.bump(event.to, 'received');
        break;
      }
      case 'message:delivered': {
        const message = this.message(event.id, event.from, event.to, event.at);
        message.status = 'delivered';
        message.latencyMs = event.latencyMs;
        this.counters.delivered += 1;
        break;
      }
      case 'message:failed': {
        const message = this.message(event.id, event.from, event.to, event.at);
        message.status = 'failed';
        message.error = event.error;
        message.latencyMs = event.latencyMs;
        this.counters.failed += 1;
        this.bump(event.from, 'failed');
        this.link(event.from, event.to, event.at).failed += 1;
        break;
      }
      case 'runtime:changed':
        this.runtime = event.runtime;
        break;
    }
  }

  /**
   * The message's record, created at whichever of its events arrives first; that first sighting
   * is when its link counts it (a classic sender reports nothing, so it may be the receipt).
   */
  private message(id: string, from: string, to: string, at: number): ViewMessage {
    const link = this.link(from, to, at);
    let message = this.messages.get(id);
    if (!message) {
      message = { id, from, to, text: '', status: 'sent', sentAt: at };
      this.messages.set(id, message);
      if (this.messages.size > MESSAGE_HISTORY) this.messages.delete(this.messages.keys().next().value!);
      link.messages += 1;
    }
    return message;
  }

  private link(from: string, to: string, at: number): ViewLink {
    const id = linkId(from, to);
    let link = this.links.get(id);
    if (!link) {
      link = { id, from, to, messages: 0, failed: 0, lastAt: at };
      this.links.set(id, link);
    }
    link.lastAt = Math.max(link.lastAt, at);
    return link;
  }

  private bump(nodeId: string, counter: 'sent' | 'received' | 'failed'): void {
    const node = this.nodes.get(nodeId);
    if (node) node[counter] += 1;
  }
}
