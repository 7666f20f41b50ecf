import type { Agent, Dispatcher } from 'undici';

/**
 * The node's HTTP client with a gate in front: closed, every request it is asked to make
 * (heartbeats, registrations, messages, gossip hops) waits, as it would in a process under
 * SIGSTOP, and leaves at the opening; a timeout that passed meanwhile then ends it at once.
 */
export class OutboundGate {
  readonly dispatcher: Dispatcher;
  private held: Array<() => void> = [];
  private closed = false;

  constructor(private readonly agent: Agent) {
    this.dispatcher = agent.compose((dispatch) => (options, handler) => {
      if (!this.closed) return dispatch(options, handler);
      this.held.push(() => dispatch(options, handler));
      return true;
    });
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    const held = this.held;
    this.held = [];
    for (const send of held) send();
  }

  /**
   * Destroys every connection at once, without a goodbye (a crash). Requests still waiting
   * are let through to the destroyed client, which fails each of them.
   */
  destroy(): Promise<void> {
    const destroyed = this.agent.destroy();
    this.open();
    return destroyed;
  }
}
