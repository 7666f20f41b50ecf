import type { StopMode } from '@peerscope/protocol';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { Gate } from './gate.js';
import type { Runtime, RuntimeNode, StartOptions } from './runtime.js';

export interface DockerRuntimeOptions {
  /** The only image this runtime starts. */
  image: string;
  /** The Docker network nodes join; the bootstrap must be on it too, so container names resolve. */
  network: string;
  /** Labels containers, so two peerscope systems on one engine never touch each other's. */
  clusterId: string;
  /** Settings every node gets (bootstrap url, hub, tokens, log level), read at each start. */
  env: () => Record<string, string>;
  /** The port a node listens on inside its container. */
  nodePort?: number;
  limits?: { memoryBytes: number; nanoCpus: number; pids: number };
  /** Containers created and started at once; more wait their turn (default 8). */
  startConcurrency?: number;
  docker?: Docker;
}

export const MANAGED_LABEL = 'peerscope.managed';
export const CLUSTER_LABEL = 'peerscope.cluster';
export const NODE_ID_LABEL = 'peerscope.node-id';

const CONTROL_TOKEN_ENV = 'PEERSCOPE_CONTROL_TOKEN';
const DEFAULT_LIMITS = { memoryBytes: 192 * 1024 * 1024, nanoCpus: 500_000_000, pids: 128 };
const GRACEFUL_STOP_SECONDS = 5;
/** How long `close` lets graceful stops run before removing what is left by force (the bootstrap's own bound is 30 s). */
const CLOSE_GRACE_MS = 12_000;
/**
 * On a 2-core machine one container takes 1-1.8 s to create and start and its node ~0.4 s of CPU
 * to boot: 8 at a time keeps the engine and the CPU busy without starving the nodes already up
 * (measured in bench/README.md, "docker-scale").
 */
const DEFAULT_START_CONCURRENCY = 8;

/**
 * One container per node, through the Docker Engine API. The create request is built here from
 * configuration only, never from a client; the runtime touches only containers carrying its labels.
 */
export class DockerRuntime implements Runtime {
  readonly name = 'docker';
  private readonly docker: Docker;
  private readonly starts: Gate;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.docker = options.docker ?? new Docker();
    this.starts = new Gate(options.startConcurrency ?? DEFAULT_START_CONCURRENCY);
  }

  /**
   * Adopts our running containers from an earlier run (with the control token each was started
   * with, so the bootstrap can claim its id again) and removes our stopped ones.
   */
  async init(): Promise<RuntimeNode[]> {
    const containers = await this.ours(true);
    const stale = containers.filter((c) => c.State !== 'running');
    await Promise.all(
      stale.map((c) =>
        this.docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
    const running = containers.filter((c) => c.State === 'running');
    return Promise.all(running.map(async (c) => ({ ...toRuntimeNode(c), ...(await this.controlTokenOf(c.Id)) })));
  }

  /** The token a container was started with, read back from its environment (ours set it). */
  private async controlTokenOf(containerId: string): Promise<{ controlToken?: string }> {
    const info = await this.docker
      .getContainer(containerId)
      .inspect()
      .catch(() => undefined);
    const entry = info?.Config.Env?.find((e) => e.startsWith(`${CONTROL_TOKEN_ENV}=`));
    return entry ? { controlToken: entry.slice(CONTROL_TOKEN_ENV.length + 1) } : {};
  }

  start(id: string, options: StartOptions = {}): Promise<RuntimeNode> {
    return this.starts.run(() => this.createAndStart(id, options));
  }

  private async createAndStart(id: string, options: StartOptions): Promise<RuntimeNode> {
    const { image, network, clusterId } = this.options;
    const port = this.options.nodePort ?? 5000;
    const limits = this.options.limits ?? DEFAULT_LIMITS;
    const name = containerName(id);
    const container = await this.docker.createContainer({
      name,
      Image: image,
      Hostname: name,
      Labels: { [MANAGED_LABEL]: 'true', [CLUSTER_LABEL]: clusterId, [NODE_ID_LABEL]: id },
      Env: Object.entries({
        ...this.options.env(),
        NODE_ID: id,
        HOST: '0.0.0.0',
        PORT: String(port),
        PEERSCOPE_PUBLIC_URL: `http://${name}:${port}`,
        ...(options.controlToken && { [CONTROL_TOKEN_ENV]: options.controlToken }),
      }).map(([key, value]) => `${key}=${value}`),
      // The bootstrap's heartbeats are this node's health signal; the image's HEALTHCHECK (for a
      // node run by hand) would start a process in the container at each probe, ~0.3 s of CPU.
      Healthcheck: { Test: ['NONE'] },
      HostConfig: {
        NetworkMode: network,
        // The image's own tini is PID 1; Docker's init on top would only stand in its way.
        Memory: limits.memoryBytes,
        NanoCpus: limits.nanoCpus,
        PidsLimit: limits.pids,
        Privileged: false,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' },
        Binds: [],
        AutoRemove: false,
      },
    });
    await container.start();
    return { id, handle: container.id, startedAt: Date.now() };
  }

  async stop(id: string, mode: StopMode): Promise<boolean> {
    const found = await this.find(id);
    return found ? this.stopContainer(found, mode) : false;
  }

  private async stopContainer(found: Found, mode: StopMode): Promise<boolean> {
    const container = this.docker.getContainer(found.Id);
    // A paused container cannot run its goodbye: thaw it first (a kill needs no thaw).
    if (found.State === 'paused' && mode === 'graceful') await container.unpause().catch(ignoreGone);
    if (found.State === 'running' || found.State === 'paused') {
      if (mode === 'crash') await container.kill({ signal: 'SIGKILL' }).catch(ignoreGone);
      else await container.stop({ t: GRACEFUL_STOP_SECONDS }).catch(ignoreGone);
    }
    await container.remove({ force: true }).catch(ignoreGone);
    return found.State === 'running' || found.State === 'paused';
  }

  async pause(id: string): Promise<boolean> {
    const found = await this.find(id);
    if (found?.State !== 'running') return found?.State === 'paused';
    await this.docker.getContainer(found.Id).pause();
    return true;
  }

  async resume(id: string): Promise<boolean> {
    const found = await this.find(id);
    if (found?.State !== 'paused') return found?.State === 'running';
    await this.docker.getContainer(found.Id).unpause();
    return true;
  }

  /**
   * Our container for `id`, looked up by its name: one inspect, where listing the cluster's
   * containers for every stop, pause or resume cost the engine O(n) each (O(n²) to stop them all).
   */
  private async find(id: string): Promise<Found | undefined> {
    const info = await this.docker
      .getContainer(containerName(id))
      .inspect()
      .catch((err: { statusCode?: number }) => (err.statusCode === 404 ? undefined : Promise.reject(err)));
    const labels = info?.Config.Labels ?? {};
    if (!info || labels[MANAGED_LABEL] !== 'true' || labels[CLUSTER_LABEL] !== this.options.clusterId || labels[NODE_ID_LABEL] !== id) return undefined;
    return { Id: info.Id, State: info.State.Status };
  }

  /** Running and paused containers: a paused node is still the runtime's. */
  async list(): Promise<RuntimeNode[]> {
    return (await this.ours(true)).filter((c) => c.State === 'running' || c.State === 'paused').map(toRuntimeNode);
  }

  /** Stops and removes every container of this cluster. */
  async close(): Promise<void> {
    const containers = await this.ours(true);
    const graceful = Promise.all(containers.map((c) => this.stopContainer(c, 'graceful').catch(() => false)));
    // The engine works through stops largely one at a time: a hundred graceful ones can outlast
    // the bootstrap's own bound (and compose's grace period) and leave containers behind.
    const late = await Promise.race([graceful.then(() => false), sleep(CLOSE_GRACE_MS, true, { ref: false })]);
    if (!late) return;
    const left = await this.ours(true);
    await Promise.all(left.map((c) => this.docker.getContainer(c.Id).remove({ force: true }).catch(ignoreGone)));
  }

  private ours(all: boolean): Promise<Docker.ContainerInfo[]> {
    return this.docker.listContainers({
      all,
      filters: { label: [`${MANAGED_LABEL}=true`, `${CLUSTER_LABEL}=${this.options.clusterId}`] },
    });
  }
}

/** What stopping a container needs to know of it. */
type Found = Pick<Docker.ContainerInfo, 'Id' | 'State'>;

/** `node7` runs in `peerscope-node-7`, as the course named its containers. */
export function containerName(id: string): string {
  return `peerscope-node-${id.replace(/^node/, '')}`;
}

function toRuntimeNode(c: Docker.ContainerInfo): RuntimeNode {
  return { id: c.Labels[NODE_ID_LABEL] ?? c.Names[0] ?? c.Id, handle: c.Id, startedAt: c.Created * 1000 };
}

/** A container that is already gone (or already stopped) is what we wanted anyway. */
function ignoreGone(err: { statusCode?: number }): void {
  if (err.statusCode !== 404 && err.statusCode !== 304 && err.statusCode !== 409) throw err;
}
