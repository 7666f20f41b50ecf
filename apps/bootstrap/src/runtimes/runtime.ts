import type { StopMode } from '@peerscope/protocol';

export interface StartOptions {
  controlToken?: string;
}

export interface RuntimeNode {
  id: string;
  /** Operating-system process id (process runtime) or container id (docker runtime). */
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
   * A restarted node gets its old control token, so the registry lets it take its id back.
   */
  start(id: string, options?: StartOptions): Promise<RuntimeNode>;
  /** `graceful` lets the node say goodbye; `crash` kills it without warning. False when not running. */
  stop(id: string, mode: StopMode): Promise<boolean>;
  list(): Promise<RuntimeNode[]>;
  /** Freezes the node (SIGSTOP, `docker pause`): it neither heartbeats nor answers. False when not running. */
  pause(id: string): Promise<boolean>;
  /** Thaws a paused node; it catches up on its own. False when not running. */
  resume(id: string): Promise<boolean>;
  /** Stops every node this runtime started. */
  close(): Promise<void>;
}
