import { randomBytes } from 'node:crypto';
import type { AdminNodesResponse, StartNodesResponse, StopMode, StopNodeResponse } from '@peerscope/protocol';
import { ApiError, type Logger } from '@peerscope/server-kit';
import type { Registry } from './registry.js';
import type { Runtime } from './runtimes/runtime.js';

export interface NodeManagerOptions {
  maxNodes: number;
  startTimeoutMs: number;
}

/** Starts and stops nodes through the runtime, and knows which registry entries it runs. */
export class NodeManager {
  private readonly waiting = new Map<string, () => void>();
  /**
   * Ids being started, so concurrent requests cannot pass the limit together. Counted with the
   * runtime's list by id, never added to its length: a container runs (and is listed) a while
   * before the engine's answer to its start arrives, and must not count twice meanwhile.
   */
  private readonly starting = new Set<string>();
  /**
   * Ids being restarted. A second restart (or a stop) of the same id meanwhile is refused: two
   * restarts at once each started a process, and the runtime kept only the second, so the first
   * ran on unlisted, unstoppable, retrying its registration with a token no longer claimed.
   */
  private readonly restarting = new Set<string>();
  /** Nodes this bootstrap's runtime started, running or crashed. */
  private readonly startedHere = new Set<string>();
  private readonly doomedListeners: Array<(id: string) => void> = [];

  constructor(
    private readonly registry: Registry,
    private readonly runtime: Runtime,
    private readonly options: NodeManagerOptions,
    private readonly logger: Logger,
  ) {
    registry.onChange((change) => {
      if (change.type === 'registered') this.waiting.get(change.node.id)?.();
    });
    // Nodes whose host process died are gone for certain: dead now, not after the silence.
    runtime.onLost?.((ids) => {
      logger.warn({ nodes: ids }, 'nodes lost with their host process');
      for (const id of ids) registry.markGone(id);
    });
  }

  /**
   * Adopts what the runtime still runs from an earlier start, so new ids do not collide; a node
   * whose token the runtime knows keeps its id claimed, so nobody takes it before it re-registers.
   */
  async init(): Promise<void> {
    const adopted = (await this.runtime.init?.()) ?? [];
    for (const node of adopted) {
      this.registry.noteId(node.id);
      if (node.controlToken) this.registry.claim(node.id, node.controlToken);
      this.startedHere.add(node.id);
    }
    if (adopted.length > 0) this.logger.info({ nodes: adopted.map((n) => n.id) }, 'adopted running nodes');
  }

  /** Tells `listener` of every node this bootstrap is about to crash, pause or remove (its death, if it comes, is no surprise). */
  onDoomed(listener: (id: string) => void): void {
    this.doomedListeners.push(listener);
  }

  private doom(id: string): void {
    for (const listener of this.doomedListeners) listener(id);
  }

  get runtimeName(): string {
    return this.runtime.name;
  }

  async list(): Promise<AdminNodesResponse> {
    const managed = new Set((await this.runtime.list()).map((n) => n.id));
    return {
      runtime: this.runtime.name,
      nodes: this.registry.list().map((node) => ({ ...node, managed: managed.has(node.id) })),
    };
  }

  /** Starts `count` nodes and waits (bounded) for each to register, so callers can use them at once. */
  async startNodes(count: number): Promise<StartNodesResponse['nodes']> {
    const ids = new Set((await this.runtime.list()).map((n) => n.id));
    for (const id of this.starting) ids.add(id);
    const running = ids.size;
    if (running + count > this.options.maxNodes) {
      throw new ApiError('too_many_nodes', `${running} nodes run already; at most ${this.options.maxNodes} (PEERSCOPE_MAX_NODES)`);
    }
    // Each id is claimed at once with the token this bootstrap gives the node: no one can take it first.
    // No await from the check to here: the next request sees these ids as starting.
    const starts = Array.from({ length: count }, () => this.claimNew(this.registry.reserveId()));
    for (const { id } of starts) this.starting.add(id);
    return this.startEach(starts);
  }

  /** A fresh control token for a node about to start, claimed in the registry for its id. */
  private claimNew(id: string): { id: string; controlToken: string } {
    const controlToken = randomBytes(24).toString('base64url');
    this.registry.claim(id, controlToken);
    return { id, controlToken };
  }

  private startEach(starts: Array<{ id: string; controlToken: string }>): Promise<StartNodesResponse['nodes']> {
    return Promise.all(starts.map(({ id, controlToken }) => this.launch(id, controlToken, 'start')));
  }

  /**
   * Starts `id` on the runtime with the token claimed for it and waits (bounded) for it to register:
   * alive once it has, starting if it has not yet. A runtime that fails gives the id back.
   */
  private async launch(id: string, controlToken: string, verb: 'start' | 'restart'): Promise<StartNodesResponse['nodes'][number]> {
    const registered = this.waitForRegistration(id);
    try {
      await this.runtime.start(id, { controlToken });
      this.startedHere.add(id);
    } catch (err) {
      this.registry.release(id);
      this.waiting.delete(id);
      this.logger.error({ err, id }, `runtime could not ${verb} a node`);
      throw new ApiError('runtime_failed', `the ${this.runtime.name} runtime could not ${verb} ${id}: ${(err as Error).message}`);
    } finally {
      // Running now (the runtime lists it) or failed: either way no longer one of those starting.
      this.starting.delete(id);
    }
    const ok = await registered;
    const node = this.registry.get(id);
    return { id, url: node?.url ?? null, status: ok && node?.status === 'alive' ? 'alive' : 'starting' };
  }

  /** Freezes or thaws a node the runtime runs. */
  async setPaused(id: string, paused: boolean): Promise<{ id: string; paused: boolean }> {
    await this.requireManaged(id);
    if (paused) this.doom(id);
    const done = paused ? await this.runtime.pause(id) : await this.runtime.resume(id);
    if (!done) throw new ApiError('node_not_managed', `${id} is not running`);
    return { id, paused };
  }

  /**
   * Starts a node again under the same id: after a crash, a new process (or container); a running
   * node is stopped first. The new one gets a fresh token, claimed for its id, never the token the
   * registry holds: after the old entry died anyone could have registered it with their own.
   */
  async restart(id: string): Promise<StartNodesResponse['nodes'][number]> {
    // First: a node being started has not registered yet, and is not unknown.
    this.refuseWhileBusy(id);
    const entry = this.registry.get(id);
    if (entry?.kind !== 'peerscope')
      throw new ApiError(entry ? 'node_not_controllable' : 'node_unknown', `${id} cannot be restarted: it is not a known peerscope node`);
    // No await from the check to here: a request that comes next sees the id as restarting.
    this.restarting.add(id);
    try {
      return await this.restartNow(id);
    } finally {
      this.restarting.delete(id);
    }
  }

  /** A node being started or restarted is the start's until it answers: a stop or restart meanwhile would race it. */
  private refuseWhileBusy(id: string): void {
    if (this.restarting.has(id)) throw new ApiError('node_busy', `${id} is being restarted; try again once that is done`);
    if (this.starting.has(id)) throw new ApiError('node_busy', `${id} is being started; try again once it has started`);
  }

  private async restartNow(id: string): Promise<StartNodesResponse['nodes'][number]> {
    const running = await this.runs(id);
    if (running) await this.runtime.stop(id, 'graceful');
    else if (this.registry.get(id)?.status !== 'dead' && !this.startedHere.has(id)) {
      throw new ApiError('node_running', `${id} was not started by this bootstrap and still answers; stop it first`);
    }
    // The old process is gone: its entry is dead now, so the new one's registration shows.
    this.registry.markGone(id);
    const { controlToken } = this.claimNew(id);
    return this.launch(id, controlToken, 'restart');
  }

  private async runs(id: string): Promise<boolean> {
    return (await this.runtime.list()).some((n) => n.id === id);
  }

  private async requireManaged(id: string): Promise<void> {
    if (!(await this.runs(id))) this.notManaged(id);
  }

  private notManaged(id: string): never {
    if (!this.registry.get(id)) throw new ApiError('node_unknown', `${id} is not registered`);
    throw new ApiError('node_not_managed', `${id} is not run by this bootstrap's ${this.runtime.name} runtime`);
  }

  async stopNode(id: string, mode: StopMode): Promise<StopNodeResponse> {
    // Stopped midway, a restart would start the node again right after: the stop would not hold.
    this.refuseWhileBusy(id);
    const running = await this.runs(id);
    // A dead node the runtime no longer runs (crashed, or its host gone) has nothing to stop:
    // removing it forgets it at once, as the registry would after `forgetAfterMs`. Not while it is
    // being restarted: its new process would register anyway and undo the removal.
    if (mode === 'graceful' && !running && !this.waiting.has(id) && this.registry.forgetDead(id)) return { id, mode, stopped: false };
    // A course node's process is not ours: removing it takes it out of the network's lists, alive or not.
    if (mode === 'graceful' && !running && this.registry.forgetClassic(id)) return { id, mode, stopped: false };
    if (!running) this.notManaged(id);
    this.doom(id);
    const stopped = await this.runtime.stop(id, mode);
    // A graceful node says goodbye itself; make sure it is gone even if that did not arrive.
    if (mode === 'graceful') {
      if (this.registry.get(id)) this.registry.deregister(id, this.registry.controlTokenOf(id));
      this.registry.release(id);
    }
    return { id, mode, stopped };
  }

  close(): Promise<void> {
    return this.runtime.close();
  }

  private waitForRegistration(id: string): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(false);
      }, this.options.startTimeoutMs);
      this.waiting.set(id, () => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(true);
      });
    });
  }
}
