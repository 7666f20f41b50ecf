// The course's 100 containers on one machine, on the Docker runtime: how long adding them takes
// through the admin API, what they cost idle, and whether traffic among them is delivered.
// See bench/README.md, "docker-scale".
//
// It builds its own image tags, starts its own bootstrap (and dashboard, the hub) on its own
// network and cluster id, and at the end stops and removes every container, the network and the
// tags it made: nothing of another peerscope system on the engine is touched.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { freePort } from './lib/children.js';
import { machineBusyMs, processCpuMs } from './lib/cpu.js';
import { cpuWithReapedChildrenMs, machine, machineLine } from './support/machine.js';
import { Cleanup, envInt, sut, sutInfo, writeResults } from './support/system.js';
import { percentiles } from './support/tally.js';

const run = promisify(execFile);

const SETTINGS = {
  nodes: envInt('BENCH_NODES', 100),
  /** Nodes per `POST /api/nodes` (the protocol's MAX_NODES_PER_REQUEST); the requests go at once. */
  perRequest: envInt('BENCH_PER_REQUEST', 50),
  /** Registered-and-quiet time before the idle window, so boot work is over. */
  settleS: envInt('BENCH_SETTLE_S', 15),
  idleS: envInt('BENCH_IDLE_S', 30),
  sends: envInt('BENCH_SENDS', 20),
  trafficRate: envInt('BENCH_TRAFFIC_RATE', 50),
  trafficS: envInt('BENCH_TRAFFIC_S', 20),
  /** 0 runs no dashboard: the nodes then report no telemetry. */
  hub: process.env.BENCH_HUB !== '0',
  /** The whole run, after the images are built. */
  deadlineS: envInt('BENCH_DEADLINE_S', 900),
  tag: process.env.BENCH_TAG ?? 'bench-scale',
  /** Seconds the system stays up after the traffic, to look at it by hand (0: none). */
  holdS: envInt('BENCH_HOLD_S', 0),
};
const NAME = 'peerscope-bench-scale';
const CLUSTER = 'bench-scale';
const LABEL = 'peerscope.bench=docker-scale';
const GOALS = { addS: 60, idleCores: 0.5 };

const images = {
  node: `peerscope-node:${SETTINGS.tag}`,
  bootstrap: `peerscope-bootstrap:${SETTINGS.tag}`,
  dashboard: `peerscope-dashboard:${SETTINGS.tag}`,
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const uptime = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main() {
  const docker = new Docker();
  await docker.ping();
  const cleanup = new Cleanup();
  const startedAt = Date.now();
  const info = {
    machine: machine(),
    sut: sutInfo(),
    engine: (await docker.version()).Version,
    settings: SETTINGS,
    loadAtStart: uptime(),
    neighbourTable: neighbourTable(),
  };
  console.log(`docker-scale: ${machineLine(info.machine)}, Docker ${info.engine}; commit ${info.sut.commit}${info.sut.dirty ? ' (dirty)' : ''}`);
  console.log(`load average at start: ${info.loadAtStart}`);
  warnOfSmallNeighbourTable(info.neighbourTable);

  try {
    await refuseCollisions(docker);
    await buildImages();
    cleanup.add('remove the image tags', () => run('docker', ['image', 'rm', '--no-prune', ...Object.values(images)]).catch(() => undefined));
    const deadline = setTimeout(() => {
      console.error(`\nstill running after ${SETTINGS.deadlineS} s: stopping`);
      void cleanup.run().finally(() => process.exit(1));
    }, SETTINGS.deadlineS * 1_000);
    deadline.unref();

    const sys = await startSystem(docker, cleanup);
    const add = await addNodes(docker, sys);
    console.log(`  settling ${SETTINGS.settleS} s…`);
    await sleep(SETTINGS.settleS * 1_000);
    const idle = await idleWindow(docker, sys);
    const sends = await singleSends(sys);
    const traffic = await trafficRun(docker, sys);
    if (SETTINGS.holdS > 0) {
      console.log(`  holding for ${SETTINGS.holdS} s (bootstrap ${sys.bootstrapUrl}, admin token ${sys.adminToken})…`);
      await sleep(SETTINGS.holdS * 1_000);
    }
    const stop = await stopSystem(docker, sys);
    clearTimeout(deadline);

    const results = { ...info, loadAtEnd: uptime(), durationS: Math.round((Date.now() - startedAt) / 1_000), add, idle, sends, traffic, stop };
    report(results);
    console.log(`\nresults: ${await writeResults('docker-scale', results)}`);
  } finally {
    await cleanup.run();
  }
}

/** The kernel's neighbour (ARP) table bounds: one table for every network namespace on the machine. */
function neighbourTable(): { gcThresh2: number; gcThresh3: number } {
  const read = (name: string) => Number(readFileSync(`/proc/sys/net/ipv4/neigh/default/${name}`, 'utf8'));
  return { gcThresh2: read('gc_thresh2'), gcThresh3: read('gc_thresh3') };
}

/** Each node container keeps an entry per peer it talks to: up to n² in all, past the kernel's default 1,024 at ~32 nodes. */
function warnOfSmallNeighbourTable({ gcThresh3 }: { gcThresh3: number }) {
  const needed = SETTINGS.nodes * (SETTINGS.nodes + 2);
  if (gcThresh3 >= needed) return;
  console.log(
    `  WARNING: net.ipv4.neigh.default.gc_thresh3 is ${gcThresh3}, below the ${needed} neighbour entries ${SETTINGS.nodes} containers may need: ` +
      `the kernel will drop packets ("neighbor table overflow") and sends will time out. Raise it with docker/tune-host.sh.`,
  );
}

/** Node containers are named `peerscope-node-<n>` on every cluster: another system's would collide. */
async function refuseCollisions(docker: Docker) {
  const containers = await docker.listContainers({ all: true });
  const taken = containers.filter(
    (c) => c.Names.some((n) => /^\/peerscope-node-\d+$/.test(n)) || c.Labels['peerscope.cluster'] === CLUSTER || c.Names.some((n) => n.startsWith(`/${NAME}`)),
  );
  if (taken.length > 0) {
    throw new Error(`another peerscope system's containers are on the engine (${taken.map((c) => c.Names[0]).join(', ')}); run this when they are gone`);
  }
}

/** The base image compose would use: PEERSCOPE_BASE_IMAGE, else the local stand-in if present, else the official one. */
async function baseImage(): Promise<string> {
  if (process.env.PEERSCOPE_BASE_IMAGE) return process.env.PEERSCOPE_BASE_IMAGE;
  const local = (await run('docker', ['images', '-q', 'peerscope/node-base:local'])).stdout.trim();
  return local ? 'peerscope/node-base:local' : 'node:20-bookworm-slim';
}

async function buildImages() {
  const base = await baseImage();
  const wanted = SETTINGS.hub ? (['node', 'bootstrap', 'dashboard'] as const) : (['node', 'bootstrap'] as const);
  for (const what of wanted) {
    const started = Date.now();
    await run('docker', ['build', '-q', '-t', images[what], '--build-arg', `NODE_IMAGE=${base}`, '-f', sut(`docker/${what}.Dockerfile`), sut('')], {
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    console.log(`  built ${images[what]} on ${base} (${round1((Date.now() - started) / 1_000)} s)`);
  }
}

interface System {
  bootstrapUrl: string;
  adminToken: string;
  bootstrap: Docker.Container;
  dashboard?: Docker.Container;
}

async function startSystem(docker: Docker, cleanup: Cleanup): Promise<System> {
  // A run cut short can leave its network, sometimes with endpoints the engine will not let go
  // of: each run has a network of its own name, and old ones are removed where the engine lets us.
  for (const stale of await docker.listNetworks({ filters: { label: ['peerscope.bench=docker-scale'] } })) {
    await docker
      .getNetwork(stale.Id)
      .remove()
      .catch((err: Error) => console.log(`  (an earlier run's network ${stale.Name} stays: ${err.message})`));
  }
  const networkName = `${NAME}-${randomBytes(3).toString('hex')}`;
  const network = await docker.createNetwork({ Name: networkName, Labels: { 'peerscope.bench': 'docker-scale' } });
  cleanup.add('remove the network', () => network.remove().catch(() => undefined));
  cleanup.add('remove every container left', () => removeOurs(docker));
  const subnet = (await network.inspect()).IPAM?.Config?.[0]?.Subnet as string | undefined;
  if (!subnet) throw new Error(`the network ${networkName} has no subnet`);
  const adminToken = `bench-admin-${randomBytes(12).toString('hex')}`;
  const clusterToken = `bench-cluster-${randomBytes(12).toString('hex')}`;
  const bootstrapPort = await freePort();
  const bootstrapName = `${NAME}-bootstrap`;
  const dashboardName = `${NAME}-dashboard`;
  const bootstrap = await docker.createContainer({
    name: bootstrapName,
    Image: images.bootstrap,
    // Access to the socket is root-equivalent whatever the user: as in docker-compose.yml.
    User: 'root',
    Labels: { 'peerscope.bench': 'docker-scale' },
    Env: Object.entries({
      PEERSCOPE_RUNTIME: 'docker',
      PEERSCOPE_NODES: '0',
      PEERSCOPE_BOOTSTRAP_URL: `http://${bootstrapName}:5000`,
      PEERSCOPE_NODE_IMAGE: images.node,
      PEERSCOPE_DOCKER_NETWORK: networkName,
      PEERSCOPE_CLUSTER_ID: CLUSTER,
      PEERSCOPE_ADMIN_TOKEN: adminToken,
      PEERSCOPE_CLUSTER_TOKEN: clusterToken,
      PEERSCOPE_ALLOWED_NETWORKS: `127.0.0.0/8,${subnet}`,
      ...(SETTINGS.hub && { PEERSCOPE_HUB_URL: `http://${dashboardName}:3000` }),
    }).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: { '5000/tcp': {} },
    HostConfig: {
      NetworkMode: networkName,
      Binds: ['/var/run/docker.sock:/var/run/docker.sock'],
      PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: String(bootstrapPort) }] },
    },
  });
  await bootstrap.start();
  // First at the end: a bootstrap removed by force leaves the starts it had in flight behind.
  cleanup.add('stop the bootstrap and its nodes', () => bootstrap.stop({ t: 60 }).catch(() => undefined));
  const sys: System = { bootstrapUrl: `http://127.0.0.1:${bootstrapPort}`, adminToken, bootstrap };
  await waitUntil('the bootstrap answers', 60_000, () => answers(sys.bootstrapUrl));
  if (SETTINGS.hub) {
    sys.dashboard = await docker.createContainer({
      name: dashboardName,
      Image: images.dashboard,
      Labels: { 'peerscope.bench': 'docker-scale' },
      Env: Object.entries({
        PEERSCOPE_BOOTSTRAP_URL: `http://${bootstrapName}:5000`,
        PEERSCOPE_ADMIN_TOKEN: adminToken,
        PEERSCOPE_CLUSTER_TOKEN: clusterToken,
        PEERSCOPE_DASHBOARD_ALLOWED_HOSTS: dashboardName,
        PEERSCOPE_DASHBOARD_AUTH: 'off',
      }).map(([k, v]) => `${k}=${v}`),
      HostConfig: { NetworkMode: networkName },
    });
    await sys.dashboard.start();
    await waitUntil('the dashboard runs', 60_000, async () => (await sys.dashboard!.inspect()).State.Running);
    await sleep(3_000);
  }
  console.log(
    `  system up: bootstrap ${sys.bootstrapUrl}${SETTINGS.hub ? `, dashboard ${dashboardName} (hub)` : ', no hub'}, network ${networkName} (${subnet})`,
  );
  return sys;
}

interface AdminNode {
  id: string;
  status: string;
  managed: boolean;
}
const nodesOf = async (sys: System) => (await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes')).nodes;

/** The requests go at once, as two people clicking, or a script: each answers when its nodes registered. */
async function addNodes(docker: Docker, sys: System) {
  const counts: number[] = [];
  for (let left = SETTINGS.nodes; left > 0; left -= SETTINGS.perRequest) counts.push(Math.min(left, SETTINGS.perRequest));
  console.log(`  adding ${SETTINGS.nodes} nodes: ${counts.length} requests of ${counts.join(', ')} at once…`);
  const t0 = Date.now();
  let allAliveMs: number | undefined;
  const watch = (async () => {
    while (allAliveMs === undefined && Date.now() - t0 < 300_000) {
      const alive = (await nodesOf(sys).catch(() => [])).filter((n) => n.status === 'alive').length;
      if (alive >= SETTINGS.nodes) allAliveMs = Date.now() - t0;
      else await sleep(250);
    }
  })();
  const answers = await Promise.all(
    counts.map(async (count) => {
      const body = await admin<{ nodes: Array<{ status: string }> }>(sys, 'POST', '/nodes', { count });
      return { count, answeredMs: Date.now() - t0, alive: body.nodes.filter((n) => n.status === 'alive').length };
    }),
  );
  await watch;
  const containers = await docker.listContainers({ filters: { label: [`peerscope.cluster=${CLUSTER}`] } });
  const starts = await Promise.all(containers.map(async (c) => Date.parse((await docker.getContainer(c.Id).inspect()).State.StartedAt) - t0));
  const result = {
    requests: answers,
    answeredS: round1(Math.max(...answers.map((a) => a.answeredMs)) / 1_000),
    allAliveS: allAliveMs === undefined ? null : round1(allAliveMs / 1_000),
    containersRunning: containers.length,
    lastContainerStartedS: round1(Math.max(...starts) / 1_000),
    load: uptime(),
  };
  console.log(
    `  added: answered after ${result.answeredS} s (${answers.map((a) => `${a.alive}/${a.count} alive`).join(', ')}), ` +
      `all ${SETTINGS.nodes} alive after ${result.allAliveS ?? 'never'} s, last container started at ${result.lastContainerStartedS} s`,
  );
  return result;
}

/** A container's cumulative CPU in ms, from its cgroup (v1 cpuacct or v2 cpu.stat), found through its init process. */
function cgroupCpuMs(initPid: number): number | undefined {
  try {
    const lines = readFileSync(`/proc/${initPid}/cgroup`, 'utf8').split('\n');
    const v1 = lines.find((l) => /:(cpu,cpuacct|cpuacct,cpu|cpuacct):/.test(l));
    if (v1) {
      const path = v1.slice(v1.indexOf(':', v1.indexOf(':') + 1) + 1);
      for (const mount of ['/sys/fs/cgroup/cpuacct', '/sys/fs/cgroup/cpu,cpuacct']) {
        try {
          return Number(readFileSync(`${mount}${path}/cpuacct.usage`, 'utf8')) / 1e6;
        } catch {
          // try the next mount
        }
      }
    }
    const v2 = lines.find((l) => l.startsWith('0::'));
    if (v2) return Number(/usage_usec (\d+)/.exec(readFileSync(`/sys/fs/cgroup${v2.slice(3)}/cpu.stat`, 'utf8'))?.[1]) / 1e3;
  } catch {
    // gone
  }
  return undefined;
}

function pidsNamed(pattern: RegExp): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
    .filter((pid) => {
      try {
        return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
      } catch {
        return false;
      }
    });
}

/**
 * CPU over a window, % of one core: the node containers (their cgroups: every process in them,
 * health-check processes included), the bootstrap's and dashboard's containers, the engine's
 * daemons (dockerd, containerd: shared with anything else on the engine) and our containers'
 * shims (with what they reaped: runc for execs), and the rest of the machine (`other`).
 */
async function cpuWindow(docker: Docker, sys: System, seconds: number, during?: () => Promise<void>) {
  const nodeContainers = await docker.listContainers({ filters: { label: [`peerscope.cluster=${CLUSTER}`] } });
  const inits = async (ids: string[]) => Promise.all(ids.map(async (id) => (await docker.getContainer(id).inspect()).State.Pid));
  const nodeInits = await inits(nodeContainers.map((c) => c.Id));
  const systemInits = await inits([sys.bootstrap.id, ...(sys.dashboard ? [sys.dashboard.id] : [])]);
  const ourIds = new Set([...nodeContainers.map((c) => c.Id), sys.bootstrap.id, sys.dashboard?.id]);
  const shims = pidsNamed(/containerd-shim/).filter((pid) => {
    const id = /-id ([0-9a-f]{64})/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))?.[1];
    return id !== undefined && ourIds.has(id);
  });
  const daemons = pidsNamed(/^(\S*\/)?(dockerd|containerd)( |$)/);
  const sum = (values: Array<number | undefined>) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
  const sample = () => ({
    nodes: sum(nodeInits.map(cgroupCpuMs)),
    system: sum(systemInits.map(cgroupCpuMs)),
    daemons: sum(daemons.map(processCpuMs)),
    shims: sum(shims.map(cpuWithReapedChildrenMs)),
    bench: processCpuMs(process.pid) ?? 0,
    machine: machineBusyMs() ?? 0,
  });
  const t0 = performance.now();
  const before = sample();
  if (during) await during();
  else await sleep(seconds * 1_000);
  const after = sample();
  const wallMs = performance.now() - t0;
  const pct = (key: keyof typeof before) => round1(((after[key] - before[key]) / wallMs) * 100);
  const ours = (['nodes', 'system', 'daemons', 'shims', 'bench'] as const).reduce((a, k) => a + after[k] - before[k], 0);
  return {
    seconds: round1(wallMs / 1_000),
    containers: nodeContainers.length,
    nodesPercent: pct('nodes'),
    perNodePercent: round2((((after.nodes - before.nodes) / wallMs) * 100) / Math.max(1, nodeContainers.length)),
    bootstrapAndDashboardPercent: pct('system'),
    daemonsPercent: pct('daemons'),
    shimsPercent: pct('shims'),
    otherPercent: round1(((after.machine - before.machine - ours) / wallMs) * 100),
    load: uptime(),
  };
}

/** Idle: nothing asked of the system; also watches for nodes that stop being alive meanwhile. */
async function idleWindow(docker: Docker, sys: System) {
  let watching = true;
  const notAlive = new Set<string>();
  const watch = (async () => {
    while (watching) {
      for (const n of await nodesOf(sys).catch(() => [])) if (n.status !== 'alive') notAlive.add(`${n.id}:${n.status}`);
      await sleep(1_000);
    }
  })();
  console.log(`  idle window, ${SETTINGS.idleS} s…`);
  const cpu = await cpuWindow(docker, sys, SETTINGS.idleS);
  watching = false;
  await watch;
  const result = { ...cpu, notAliveSeen: [...notAlive] };
  console.log(
    `  idle: ${cpu.containers} node containers ${cpu.nodesPercent}% of a core (${cpu.perNodePercent}% each); bootstrap+dashboard ${cpu.bootstrapAndDashboardPercent}%, ` +
      `dockerd+containerd ${cpu.daemonsPercent}%, shims ${cpu.shimsPercent}%, other work ${cpu.otherPercent}%; not alive meanwhile: ${result.notAliveSeen.length}`,
  );
  return result;
}

/** One message at a time through `POST /api/messages`, between random alive nodes: what a click costs. */
async function singleSends(sys: System) {
  const alive = (await nodesOf(sys)).filter((n) => n.status === 'alive');
  const latencies: number[] = [];
  let delivered = 0;
  for (let i = 0; i < SETTINGS.sends && alive.length >= 2; i++) {
    const from = alive[Math.floor(Math.random() * alive.length)]!;
    let to = from;
    while (to === from) to = alive[Math.floor(Math.random() * alive.length)]!;
    const t0 = performance.now();
    const result = await admin<{ status: string }>(sys, 'POST', '/messages', { from: from.id, to: to.id, text: `bench ${i}` }).catch(() => ({
      status: 'error',
    }));
    latencies.push(performance.now() - t0);
    if (result.status === 'delivered') delivered += 1;
  }
  const p = percentiles(latencies);
  const result = { sends: latencies.length, delivered, p50Ms: round1(p.p50), p90Ms: round1(p.p90), maxMs: round1(p.max) };
  console.log(`  single sends: ${delivered}/${latencies.length} delivered, p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms, max ${result.maxMs} ms`);
  return result;
}

/** The bootstrap's traffic generator at a fixed rate; the CPU window covers the run. */
async function trafficRun(docker: Docker, sys: System) {
  interface Status {
    running: boolean;
    sent: number;
    delivered: number;
    failed: number;
    failures?: Record<string, number>;
  }
  console.log(`  traffic: ${SETTINGS.trafficRate} msgs/s for ${SETTINGS.trafficS} s…`);
  let status: Status | undefined;
  const cpu = await cpuWindow(docker, sys, 0, async () => {
    await admin(sys, 'POST', '/traffic', { rate: SETTINGS.trafficRate, durationS: SETTINGS.trafficS });
    const until = Date.now() + (SETTINGS.trafficS + 60) * 1_000;
    do {
      await sleep(500);
      status = await admin<Status>(sys, 'GET', '/traffic');
    } while (status.running && Date.now() < until);
    if (status.running) await admin(sys, 'DELETE', '/traffic');
  });
  const s = status!;
  const result = {
    rate: SETTINGS.trafficRate,
    durationS: SETTINGS.trafficS,
    sent: s.sent,
    delivered: s.delivered,
    failed: s.failed,
    failures: s.failures ?? {},
    deliveredPercent: s.sent > 0 ? round2((s.delivered / s.sent) * 100) : null,
    nodeCpuPerMessageMs: s.sent > 0 ? round2((cpu.nodesPercent * 10 * cpu.seconds) / s.sent) : null,
    cpu,
  };
  console.log(
    `  traffic: ${s.delivered}/${s.sent} delivered (${result.deliveredPercent}%), ${s.failed} failed ${JSON.stringify(result.failures)}; node containers ${cpu.nodesPercent}% of a core, ` +
      `${result.nodeCpuPerMessageMs} ms of node CPU per message`,
  );
  return result;
}

/** The way compose stops it: SIGTERM to the bootstrap, which stops and removes its node containers. */
async function stopSystem(docker: Docker, sys: System) {
  const t0 = Date.now();
  await sys.bootstrap.stop({ t: 60 }).catch(() => undefined);
  const left = await docker.listContainers({ all: true, filters: { label: [`peerscope.cluster=${CLUSTER}`] } });
  const result = { stopS: round1((Date.now() - t0) / 1_000), nodeContainersLeft: left.length };
  console.log(`  bootstrap stopped in ${result.stopS} s; node containers left behind: ${result.nodeContainersLeft}`);
  return result;
}

/** Every container of ours: the nodes of our cluster, the bootstrap and the dashboard. */
async function removeOurs(docker: Docker) {
  await sleep(2_000);
  const nodes = await docker.listContainers({ all: true, filters: { label: [`peerscope.cluster=${CLUSTER}`] } });
  const system = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
  await Promise.all(
    [...nodes, ...system].map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/**
 * One call to the bootstrap's admin API; throws on a non-2xx answer. An add waits for its nodes
 * to register (on a busy engine, minutes), so the bound is long, and a timer of our own (see `answers`).
 */
async function admin<T>(sys: System, method: string, path: string, body?: unknown, timeoutMs = 300_000): Promise<T> {
  const aborter = new AbortController();
  const timer = setTimeout(() => aborter.abort(), timeoutMs);
  try {
    const response = await fetch(`${sys.bootstrapUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${sys.adminToken}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: aborter.signal,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} /api${path} answered ${response.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET url` answers 2xx. Bounded by a timer of our own: before the bootstrap listens, Docker's
 * port proxy takes the connection and never answers, and a fetch waiting on it alone does not
 * keep Node.js running (AbortSignal.timeout's timer would not either): the script would just end.
 */
async function answers(url: string): Promise<boolean> {
  const aborter = new AbortController();
  const timer = setTimeout(() => aborter.abort(), 2_000);
  try {
    return (await fetch(url, { signal: aborter.signal })).ok;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(250);
  }
}

function report(r: {
  add: Awaited<ReturnType<typeof addNodes>>;
  idle: Awaited<ReturnType<typeof idleWindow>>;
  traffic: Awaited<ReturnType<typeof trafficRun>>;
  loadAtStart: string;
  loadAtEnd: string;
}) {
  const idleCores = r.idle.nodesPercent / 100;
  console.log('\n| measure | value | goal |');
  console.log('| :-- | --: | :-- |');
  console.log(
    `| add ${SETTINGS.nodes} (answered / all alive) | ${r.add.answeredS} s / ${r.add.allAliveS ?? 'never'} s | ≤ ${GOALS.addS} s: ${(r.add.allAliveS ?? Infinity) <= GOALS.addS ? 'met' : 'NOT met'} |`,
  );
  console.log(
    `| idle node containers, ${r.idle.seconds} s | ${round2(idleCores)} cores (${r.idle.perNodePercent}% each) | ≤ ${GOALS.idleCores} core: ${idleCores <= GOALS.idleCores ? 'met' : 'NOT met'} |`,
  );
  console.log(`| traffic ${r.traffic.rate}/s × ${r.traffic.durationS} s delivered | ${r.traffic.deliveredPercent}% of ${r.traffic.sent} | |`);
  console.log(`\nload average: ${r.loadAtStart} at start, ${r.loadAtEnd} at the end`);
}

await main();
