import type { StopMode } from '@peerscope/protocol';

export interface StartOptions {
  /** The token the bootstrap made for this node (and claimed its id with); the node must use it. */
  controlToken?: string;
}

export interface RuntimeNode {
  id: string;
  /** The node's control token, where the runtime can read it back (an adopted container's). */
  controlToken?: string;
  /** Operating-system process id (process runtime), container id (docker runtime), or `<host>:<port>` (pool runtime). */
  handle: string;
  startedAt: number;
}

/**
 * Where nodes run. The bootstrap only ever starts, stops and lists; nodes join and leave through
 * the normal registration path, so the registry shows what the network really did.
 */
export interface Runtime {
  readonly name: string;
  /** Takes over nodes an earlier run left running (and cleans up the rest); resolves with them. */
  init?(): Promise<RuntimeNode[]>;
  /**
   * Starts a node that will register under `id`. Resolves once it is running, not yet registered.
   * The node gets the control token the bootstrap made for it, so its registration matches the claim.
   */
  start(id: string, options?: StartOptions): Promise<RuntimeNode>;
  /** `graceful` lets the node say goodbye; `crash` kills it without warning. False when not running. */
  stop(id: string, mode: StopMode): Promise<boolean>;
  list(): Promise<RuntimeNode[]>;
  /** Freezes the node (SIGSTOP, `docker pause`): it neither heartbeats nor answers. False when not running. */
  pause(id: string): Promise<boolean>;
  /** Thaws a paused node; it catches up on its own. False when not running. */
  resume(id: string): Promise<boolean>;
  /**
   * Hears of nodes that stopped without being asked, all at once (a pool host process that died):
   * they are gone, not silent, so the bootstrap need not wait for its failure detector.
   */
  onLost?(listener: (ids: string[]) => void): void;
  /** Stops every node this runtime started. */
  close(): Promise<void>;
}
