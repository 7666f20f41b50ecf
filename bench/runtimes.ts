// Benchmark of the two node runtimes as a person sees them:
//   (a) click "Add node" in a real Chromium page on the dashboard → the new node is drawn alive
//       (the hook's nodes() has it), ≥ 10 samples, on the process runtime (the launcher) and,
//       when a Docker engine answers, on the Docker runtime (docker compose);
//   (b) memory per node: VmRSS of each node process (process runtime), and the container's memory
//       usage as `docker stats` shows it plus the node process's VmRSS inside it (Docker), averaged
//       over the nodes, idle and after some random traffic.
// See bench/README.md, "Dashboard and runtimes".
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from '@playwright/test';
import Docker from 'dockerode';
import type { Delta } from '@peerscope/protocol';
import { freePort } from './lib/children.js';
import { launchBrowser, openDashboard } from './support/browser.js';
import { CpuWindow, descendants, cmdline, load1, machine, machineLine, memKiB, processStartMs, QUIET_OTHER_PERCENT, waitForQuiet } from './support/machine.js';
import { admin, aliveNodes, Cleanup, envInt, repo, startLauncher, sut, sutInfo, waitForAlive, writeResults, type LauncherSystem } from './support/system.js';
import { CountingSubscriber, percentiles } from './support/tally.js';

const run = promisify(execFile);

const SETTINGS = {
  initialNodes: envInt('BENCH_INITIAL_NODES', 3),
  samples: envInt('BENCH_SAMPLES', 12),
  /** Pause between two clicks, so one node's join has settled before the next click. */
  gapMs: envInt('BENCH_GAP_MS', 1_500),
  /** Random-traffic rounds (POST /api/traffic {count: 500}) before the second memory reading. */
  trafficRounds: envInt('BENCH_TRAFFIC_ROUNDS', 4),
  idleSettleMs: envInt('BENCH_IDLE_SETTLE_MS', 5_000),
  runtimes: (process.env.BENCH_RUNTIMES ?? 'process,docker').split(','),
  composeProject: 'peerscope-bench',
};
const GOALS = { processMs: 500, dockerMs: 2_000 };

interface AddSample {
  id: string;
  /** Click → the hook's nodes() has the new node alive, read each animation frame (page clock). */
  clickToDrawnMs: number;
  /** Click → each step on the way, in ms, where it could be measured (see MARKS). */
  marks: Record<string, number>;
}

/** The steps between the click and the drawing, in the order they happen. */
const MARKS = {
  containerCreated: 'container created (Docker inspect Created)',
  containerStarted: 'container started (Docker inspect StartedAt)',
  processStarted: 'node process started (/proc start time, 10 ms ticks)',
  registered: 'bootstrap registered the node (its registeredAt)',
  answered: 'POST /api/nodes answered in the page (it waits for the registration)',
  hub: 'first delta about the node at a /ui client',
} as const;
type Mark = keyof typeof MARKS;

/** Runtime-specific marks of one node, as epoch ms. */
type Where = (id: string) => Promise<Partial<Record<Mark, number>>>;

// --- (a) click → drawn ----------------------------------------------------------------------------

/**
 * Arms the page: a capture-phase click listener on Add node, then a per-frame check for a new
 * alive node. A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
 */
const ARM = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const before = new Set(window.__peerscope.nodes().map((n) => n.id));
  const state = {};
  window.__bench = state;
  const onClick = (e) => {
    const button = e.target.closest && e.target.closest('button');
    if (!button || !button.textContent.includes('Add node')) return;
    document.removeEventListener('click', onClick, true);
    state.clickAt = now();
    const check = () => {
      const fresh = window.__peerscope.nodes().find((n) => !before.has(n.id) && n.status === 'alive');
      if (fresh) {
        state.drawnAt = now();
        state.id = fresh.id;
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  };
  document.addEventListener('click', onClick, true);
})()`;

function arm(page: Page): Promise<void> {
  return page.evaluate(ARM);
}

async function addNodeSamples(page: Page, dashboardUrl: string, samples: number, timeoutMs: number, where: Where): Promise<AddSample[]> {
  const sub = new CountingSubscriber(dashboardUrl);
  const firstSeen = new Map<string, { hubAt: number; registeredAt?: number }>();
  sub.onDelta = (delta: Delta, at: number) => {
    const e = delta.event;
    const id = e.type === 'node:registered' ? e.node.id : e.type === 'node:started' ? e.nodeId : undefined;
    if (id === undefined) return;
    const seen = firstSeen.get(id) ?? { hubAt: at };
    if (e.type === 'node:registered') seen.registeredAt ??= e.node.registeredAt;
    firstSeen.set(id, seen);
  };
  await sub.start();
  const button = page.getByRole('button', { name: 'Add node' });
  const result: AddSample[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      await button.waitFor({ state: 'visible' });
      await page.waitForFunction(() => {
        const host = globalThis as unknown as { document: any };
        const b = [...host.document.querySelectorAll('button')].find((x: any) => String(x.textContent).includes('Add node'));
        return b !== undefined && !b.disabled;
      });
      await arm(page);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/nodes') && r.request().method() === 'POST', { timeout: timeoutMs });
      await button.click();
      await page.waitForFunction(() => (globalThis as unknown as { __bench?: { drawnAt?: number } }).__bench?.drawnAt !== undefined, undefined, {
        timeout: timeoutMs,
      });
      const response = await answered;
      if (response.status() !== 201) throw new Error(`POST /api/nodes answered ${response.status()}: ${await response.text()}`);
      const state = await page.evaluate(() => {
        const host = globalThis as unknown as { __bench: { clickAt: number; drawnAt: number; id: string }; performance: any };
        const entries = host.performance.getEntriesByType('resource').filter((e: any) => String(e.name).endsWith('/api/nodes'));
        const last = entries.at(-1);
        return { ...host.__bench, answerAt: last ? host.performance.timeOrigin + last.responseEnd : undefined };
      });
      // Our subscriber gets the same batch as the page, maybe a moment later.
      for (let wait = 0; wait < 20 && !firstSeen.get(state.id)?.registeredAt; wait++) await sleep(50);
      const seen = firstSeen.get(state.id);
      const at: Partial<Record<Mark, number>> = {
        ...(await where(state.id)),
        ...(seen?.registeredAt !== undefined && { registered: seen.registeredAt }),
        ...(state.answerAt !== undefined && state.answerAt > state.clickAt && { answered: state.answerAt }),
        ...(seen && { hub: seen.hubAt }),
      };
      const marks = Object.fromEntries((Object.keys(MARKS) as Mark[]).filter((k) => at[k] !== undefined).map((k) => [k, Math.round(at[k]! - state.clickAt)]));
      const sample: AddSample = { id: state.id, clickToDrawnMs: Math.round(state.drawnAt - state.clickAt), marks };
      result.push(sample);
      console.log(
        `  ${sample.id}: drawn ${sample.clickToDrawnMs} ms after the click; ${Object.entries(marks)
          .map(([k, v]) => `${k} +${v}`)
          .join(', ')} ms`,
      );
      await sleep(SETTINGS.gapMs);
    }
  } finally {
    sub.close();
  }
  return result;
}

function summarize(samples: AddSample[]) {
  const marks = Object.fromEntries(
    (Object.keys(MARKS) as Mark[]).flatMap((k) => {
      const values = samples.flatMap((s) => (s.marks[k] === undefined ? [] : [s.marks[k]]));
      return values.length === 0 ? [] : [[k, percentiles(values)]];
    }),
  ) as Partial<Record<Mark, ReturnType<typeof percentiles>>>;
  return { clickToDrawnMs: percentiles(samples.map((s) => s.clickToDrawnMs)), clickToMarkMs: marks };
}

// --- (b) memory -------------------------------------------------------------------------------------

interface MemoryReading {
  nodes: number;
  meanMiB: number;
  minMiB: number;
  maxMiB: number;
}

function reading(values: number[]): MemoryReading {
  const mib = values.map((kib) => kib / 1024);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    nodes: mib.length,
    meanMiB: round(mib.reduce((a, b) => a + b, 0) / Math.max(1, mib.length)),
    minMiB: round(Math.min(...mib)),
    maxMiB: round(Math.max(...mib)),
  };
}

async function processNodesMemory(sys: LauncherSystem): Promise<{ vmRss: MemoryReading; rssAnon: MemoryReading }> {
  const nodes = await aliveNodes(sys);
  const group = new Set(sys.pidsMatching(/apps\/node/));
  const rss: number[] = [];
  const anon: number[] = [];
  for (const node of nodes) {
    const { pid } = (await (await fetch(node.url)).json()) as { pid: number };
    if (!group.has(pid)) throw new Error(`${node.id} reports pid ${pid}, which is not one of the launcher's node processes`);
    const mem = memKiB(pid);
    if (mem === undefined) continue;
    rss.push(mem.rss);
    anon.push(mem.anon);
  }
  return { vmRss: reading(rss), rssAnon: reading(anon) };
}

async function traffic(dashboardUrl: string, rounds: number): Promise<{ delivered: number; failed: number }> {
  const total = { delivered: 0, failed: 0 };
  for (let i = 0; i < rounds; i++) {
    const response = await fetch(`${dashboardUrl}/api/traffic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 500 }),
      signal: AbortSignal.timeout(120_000),
    });
    const answer = (await response.json()) as { delivered: number; failed: number };
    if (!response.ok) throw new Error(`POST /api/traffic answered ${response.status}: ${JSON.stringify(answer)}`);
    total.delivered += answer.delivered;
    total.failed += answer.failed;
  }
  return total;
}

const NODE_LABELS = ['peerscope.managed=true', 'peerscope.cluster=compose'];

/**
 * Node containers of *our* compose system. Every compose system labels its nodes alike, so the
 * label is not enough on a shared engine: ours are the ones started with our cluster token.
 */
async function ourNodeContainers(docker: Docker, clusterToken: string, options: { all?: boolean; nodeId?: string } = {}): Promise<Docker.ContainerInfo[]> {
  const labels = options.nodeId ? [...NODE_LABELS, `peerscope.node-id=${options.nodeId}`] : NODE_LABELS;
  const candidates = await docker.listContainers({ all: options.all ?? false, filters: { label: labels } });
  const inspected = await Promise.all(
    candidates.map((c) =>
      docker
        .getContainer(c.Id)
        .inspect()
        .catch(() => undefined),
    ),
  );
  return candidates.filter((_, i) => inspected[i]?.Config.Env?.includes(`PEERSCOPE_CLUSTER_TOKEN=${clusterToken}`));
}

async function dockerNodesMemory(docker: Docker, clusterToken: string): Promise<{ container: MemoryReading; vmRss: MemoryReading; rssAnon: MemoryReading }> {
  const containers = await ourNodeContainers(docker, clusterToken);
  const usage: number[] = [];
  const rss: number[] = [];
  const anon: number[] = [];
  for (const info of containers) {
    const container = docker.getContainer(info.Id);
    const stats = (await container.stats({ stream: false })) as any;
    const m = stats.memory_stats ?? {};
    // What `docker stats` shows: usage minus the page cache that can be dropped (cgroup v2: inactive_file).
    const cache = m.stats?.inactive_file ?? m.stats?.total_inactive_file ?? 0;
    if (typeof m.usage === 'number') usage.push((m.usage - cache) / 1024);
    const inspect = await container.inspect();
    const nodePid = childNodePid(inspect.State.Pid);
    const mem = nodePid === undefined ? undefined : memKiB(nodePid);
    if (mem === undefined) continue;
    rss.push(mem.rss);
    anon.push(mem.anon);
  }
  return { container: reading(usage), vmRss: reading(rss), rssAnon: reading(anon) };
}

/** The container's PID 1 is tini; the node process is its child. */
function childNodePid(initPid: number): number | undefined {
  try {
    const children = readFileSync(`/proc/${initPid}/task/${initPid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    return children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node'));
  } catch {
    return undefined;
  }
}

// --- the runtimes ---------------------------------------------------------------------------------

/**
 * Where a node process's start goes, measured in fresh processes: the bare runtime (`node -e 0`),
 * and loading the node app's module graph (apps/node/dist/app.js) and each of its main packages.
 */
async function nodeBootAnatomy(runs = 5) {
  const bare: number[] = [];
  const appImport: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t0);
    const { stdout } = await run(process.execPath, [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(sut('apps/node/dist/app.js'))}); console.log(performance.now())`,
    ]);
    appImport.push(Number(stdout.trim()));
  }
  const packages: Record<string, number> = {};
  for (const name of ['express', 'undici', 'socket.io-client', 'zod', 'pino', '@peerscope/protocol']) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { stdout } = await run(
        process.execPath,
        ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(name)}); console.log(performance.now() - t)`],
        { cwd: sut('apps/node') },
      );
      times.push(Number(stdout.trim()));
    }
    packages[name] = Math.round(percentiles(times).p50);
  }
  return {
    bareNodeStartExitMs: percentiles(bare),
    processStartToAppLoadedMs: percentiles(appImport),
    importAloneMedianMs: packages,
  };
}

async function processRuntime(cleanup: Cleanup, browser: () => Promise<Browser>) {
  console.log(`\n== process runtime (launcher, ${SETTINGS.initialNodes} nodes to start with)`);
  const sys = await startLauncher(cleanup, { nodes: SETTINGS.initialNodes });
  try {
    await waitForAlive(sys, SETTINGS.initialNodes);
    const page = await openDashboard(await browser(), sys.dashboardUrl, SETTINGS.initialNodes);
    await sleep(2_000);
    const quiet = await waitForQuiet('add node');
    const loadBefore = load1();
    const where: Where = async (id) => {
      const node = (await aliveNodes(sys)).find((n) => n.id === id);
      if (!node) return {};
      const { pid } = (await (await fetch(node.url)).json()) as { pid: number };
      const started = processStartMs(pid);
      return started === undefined ? {} : { processStarted: started };
    };
    const cpu = new CpuWindow(() => {
      const launcherTree = [sys.pid, ...descendants(sys.pid)];
      const mine = new Set(launcherTree);
      return { system: launcherTree, chromium: descendants(process.pid).filter((p) => !mine.has(p)), bench: [process.pid] };
    });
    cpu.start();
    const samples = await addNodeSamples(page, sys.dashboardUrl, SETTINGS.samples, 30_000, where);
    const cpuUse = cpu.stop();
    const loadAfter = load1();
    await page.context().close();

    await sleep(SETTINGS.idleSettleMs);
    const idleCpu = await idleCpuPercent(() => ({
      nodes: sys.pidsMatching(/apps\/node/),
      bootstrap: sys.pidsMatching(/apps\/bootstrap/),
      dashboard: sys.pidsMatching(/apps\/dashboard/),
    }));
    const idle = await processNodesMemory(sys);
    const loadIdle = load1();
    const sent = await traffic(sys.dashboardUrl, SETTINGS.trafficRounds);
    const busy = await processNodesMemory(sys);
    const boot = await nodeBootAnatomy();
    const result = {
      runtime: 'process',
      nodeBoot: boot,
      load1: { beforeClicks: loadBefore, afterClicks: loadAfter, memoryIdle: loadIdle },
      quietCheck: quiet,
      cpuPercentOfOneCoreDuringClicks: cpuUse,
      disturbed: (cpuUse.other ?? 0) >= QUIET_OTHER_PERCENT,
      addNode: { samples, summary: summarize(samples), goalMs: GOALS.processMs },
      memory: { idle, afterTraffic: busy, traffic: sent },
      idleCpuPercentOfOneCore: idleCpu,
    };
    report(result.addNode.summary, GOALS.processMs, loadBefore, cpuUse);
    console.log(
      `  node boot, in fresh processes: bare \`node -e 0\` ${boot.bareNodeStartExitMs.p50} ms; process start → apps/node/dist/app.js loaded ${boot.processStartToAppLoadedMs.p50} ms ` +
        `(p50 of ${boot.processStartToAppLoadedMs.n}); each package alone: ${Object.entries(boot.importAloneMedianMs)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')} ms`,
    );
    console.log(`  idle CPU over ${IDLE_CPU_MS / 1000} s, % of one core: ${JSON.stringify(idleCpu)} (${idle.vmRss.nodes} nodes)`);
    console.log(
      `  memory per node process (${idle.vmRss.nodes} nodes): VmRSS idle ${idle.vmRss.meanMiB} MiB (min ${idle.vmRss.minMiB}, max ${idle.vmRss.maxMiB}), after ${sent.delivered + sent.failed} random messages ${busy.vmRss.meanMiB} MiB; ` +
        `RssAnon (own heap, no shared code) idle ${idle.rssAnon.meanMiB} MiB, after ${busy.rssAnon.meanMiB} MiB`,
    );
    return result;
  } finally {
    await sys.stop();
  }
}

const IDLE_CPU_MS = 10_000;

/** CPU used by the given groups over IDLE_CPU_MS with nothing asked of the system, in % of one core. */
async function idleCpuPercent(groups: () => Record<string, number[]>, withChildren?: ReadonlySet<string>): Promise<Record<string, number>> {
  const cpu = new CpuWindow(groups, withChildren);
  cpu.start();
  await sleep(IDLE_CPU_MS);
  return cpu.stop();
}

/**
 * How long a node takes to load its code in a container: `docker run --rm` of the node image,
 * timing the import of apps/node/dist/app.js, with the Docker runtime's CPU limit and without.
 */
async function containerBoot(runs = 3) {
  const once = async (cpus: string[]) => {
    const { stdout } = await run(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '--label',
        'peerscope.bench=boot',
        ...cpus,
        '--entrypoint',
        'node',
        'peerscope-node',
        '--input-type=module',
        '-e',
        "await import('/app/apps/node/dist/app.js'); console.log(performance.now())",
      ],
      { timeout: 60_000 },
    );
    return Number(stdout.trim());
  };
  const limited: number[] = [];
  const unlimited: number[] = [];
  for (let i = 0; i < runs; i++) {
    limited.push(await once(['--cpus', '0.5']));
    unlimited.push(await once([]));
  }
  return { cpus05: percentiles(limited), unlimited: percentiles(unlimited) };
}

/**
 * What the image's HEALTHCHECK costs an idle node: a few standalone node containers (as the
 * runtime starts them: --cpus 0.5, PORT 5000; no network, so they only retry their registration),
 * with the image's health check and with --no-healthcheck. Counted over IDLE_CPU_MS: the
 * containers' processes and their shims, with the children they reaped (the health-check
 * processes, runc), which is theirs alone; and the Docker daemons (dockerd, containerd), which
 * every container on the engine shares. Run with no other container of ours up.
 */
async function healthcheckCost(docker: Docker, count = 5) {
  const measure = async (extra: string[]) => {
    const ids: string[] = [];
    try {
      for (let i = 0; i < count; i++) {
        const { stdout } = await run('docker', [
          'run',
          '-d',
          '--network',
          'none',
          '--label',
          'peerscope.bench=boot',
          '--cpus',
          '0.5',
          '-e',
          'PORT=5000',
          '-e',
          'HOST=0.0.0.0',
          ...extra,
          'peerscope-node',
        ]);
        ids.push(stdout.trim());
      }
      await sleep(8_000);
      const tops = await Promise.all(
        ids.map((id) =>
          docker
            .getContainer(id)
            .top({ ps_args: '-o pid' })
            .catch(() => ({ Processes: [] as string[][] })),
        ),
      );
      const pids = tops.flatMap((t) => ((t.Processes ?? []) as string[][]).map((row) => Number(row[0]))).filter((pid) => Number.isInteger(pid));
      const inits = await Promise.all(ids.map(async (id) => (await docker.getContainer(id).inspect()).State.Pid));
      const shims = inits.map(parentPid).filter((pid): pid is number => pid !== undefined);
      const daemons = descendants(1).filter((pid) => /^(dockerd|containerd)$/.test((cmdline(pid).split(' ')[0] ?? '').split('/').pop() ?? ''));
      const cpu = await idleCpuPercent(() => ({ containers: pids, shims, daemons }), new Set(['containers', 'shims']));
      const round = (x: number) => Math.round(x * 10) / 10;
      return {
        containers: cpu.containers ?? 0,
        shims: cpu.shims ?? 0,
        daemons: cpu.daemons ?? 0,
        other: cpu.other ?? 0,
        /** % of one core per container, containers and their shims (with reaped children). */
        perContainer: round(((cpu.containers ?? 0) + (cpu.shims ?? 0)) / count),
        /** The shared daemons' CPU over the same time, per container. */
        daemonsPerContainer: round((cpu.daemons ?? 0) / count),
      };
    } finally {
      if (ids.length > 0) await run('docker', ['rm', '-f', ...ids]).catch(() => undefined);
    }
  };
  const withHealthcheck = await measure([]);
  const without = await measure(['--no-healthcheck']);
  return { containers: count, withHealthcheck, withoutHealthcheck: without };
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

async function composeCommand(): Promise<string[]> {
  return run('docker', ['compose', 'version']).then(
    () => ['docker', 'compose'],
    () => ['docker-compose'],
  );
}

async function compose(args: string[], env: Record<string, string>, timeoutMs: number): Promise<string> {
  const [command, ...prefix] = await composeCommand();
  const { stdout, stderr } = await run(
    command!,
    [...prefix, '-p', SETTINGS.composeProject, '-f', sut('docker-compose.yml'), '-f', repo('bench/docker-compose.bench.yml'), ...args],
    {
      cwd: sut(''),
      env: { ...process.env, ...env },
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout + stderr;
}

/** Containers and networks that some other peerscope system on this engine is using. */
async function othersOnEngine(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true });
  // What would collide with ours: node containers named as ours are (peerscope-node-<n>), nodes of
  // a compose cluster (the label our nodes carry), our compose project, and the network it names.
  const ours = containers.filter(
    (c) =>
      c.Names.some((n) => /^\/peerscope-node-\d+$/.test(n)) ||
      c.Labels['peerscope.cluster'] === 'compose' ||
      c.Labels['com.docker.compose.project'] === SETTINGS.composeProject,
  );
  const networks = (await docker.listNetworks()).filter((n) => n.Name === 'peerscope');
  return [...ours.map((c) => `container ${c.Names[0]} (${c.State})`), ...networks.map((n) => `network ${n.Name}`)];
}

async function dockerRuntime(cleanup: Cleanup, browser: () => Promise<Browser>) {
  const docker = new Docker();
  try {
    await run('docker', ['info'], { timeout: 20_000 });
  } catch (err) {
    return { runtime: 'docker', skipped: `no Docker engine answers \`docker info\`: ${(err as Error).message.split('\n')[0]}` };
  }
  // docker-compose.yml names its network and node containers globally: wait for another run to finish.
  for (let waited = 0; ; waited += 10) {
    const busy = await othersOnEngine(docker);
    if (busy.length === 0) break;
    if (waited >= 600) return { runtime: 'docker', skipped: `another peerscope system stayed on the engine for 10 min: ${busy.join(', ')}` };
    if (waited === 0) console.log(`  waiting for another peerscope system on the engine to go: ${busy.join(', ')}`);
    await sleep(10_000);
  }
  const baseImage = 'peerscope/node-base:local';
  if ((await run('docker', ['images', '-q', baseImage])).stdout.trim() === '') {
    console.log(`  building ${baseImage} (docker/local-base-image.sh)`);
    await run('bash', [sut('docker/local-base-image.sh')], { timeout: 600_000 });
  }

  const bootstrapPort = await freePort();
  let dashboardPort = await freePort();
  while (dashboardPort === bootstrapPort) dashboardPort = await freePort();
  const sys = {
    bootstrapUrl: `http://127.0.0.1:${bootstrapPort}`,
    dashboardUrl: `http://127.0.0.1:${dashboardPort}`,
    adminToken: `bench-admin-${randomBytes(12).toString('hex')}`,
  };
  const env = {
    PEERSCOPE_BASE_IMAGE: baseImage,
    PEERSCOPE_BOOTSTRAP_PORT: String(bootstrapPort),
    PEERSCOPE_DASHBOARD_PORT: String(dashboardPort),
    PEERSCOPE_ADMIN_TOKEN: sys.adminToken,
    PEERSCOPE_CLUSTER_TOKEN: `bench-cluster-${randomBytes(12).toString('hex')}`,
    PEERSCOPE_NODES: String(SETTINGS.initialNodes),
  };
  console.log(`\n== Docker runtime (docker compose -p ${SETTINGS.composeProject}, ${SETTINGS.initialNodes} nodes to start with)`);
  let isDown = false;
  const down = async () => {
    if (isDown) return;
    isDown = true;
    console.log('  docker compose down…');
    await compose(['down', '-v', '--timeout', '30'], env, 180_000);
    // The bootstrap removes its node containers when it stops; make sure (they carry the cluster label).
    for (const c of await docker.listContainers({ all: true, filters: { label: ['peerscope.bench=boot'] } })) {
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    for (const c of await ourNodeContainers(docker, env.PEERSCOPE_CLUSTER_TOKEN, { all: true })) {
      console.error(`  node container ${c.Names[0]} outlived docker compose down; removing it`);
      await docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
  };
  cleanup.add('docker compose down', down);
  const built = performance.now();
  // `build --force-rm` then `up`: the legacy builder would leave a failed step's container behind.
  await compose(['build', '--force-rm'], env, 1_200_000);
  await compose(['up', '-d'], env, 300_000);
  console.log(`  up in ${Math.round((performance.now() - built) / 1000)} s (build included)`);
  try {
    await waitForAlive(sys, SETTINGS.initialNodes, 120_000).catch(async (err: Error) => {
      // Say why before `down` removes the evidence.
      const logs = await compose(['logs', '--no-color', '--tail', '40'], env, 60_000).catch((e: Error) => e.message);
      const nodes = await ourNodeContainers(docker, env.PEERSCOPE_CLUSTER_TOKEN, { all: true });
      throw new Error(`${err.message}\nnode containers: ${nodes.map((c) => `${c.Names[0]} ${c.State} ${c.Status}`).join('; ') || 'none'}\n${logs}`);
    });
    const deadline = Date.now() + 120_000;
    while (
      !(await fetch(sys.dashboardUrl).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) throw new Error('the dashboard did not answer within 120 s');
      await sleep(500);
    }
    // Let the build's load fade a little before measuring.
    await sleep(10_000);
    const page = await openDashboard(await browser(), sys.dashboardUrl, SETTINGS.initialNodes);
    await sleep(2_000);
    const quiet = await waitForQuiet('add node');
    const loadBefore = load1();
    const where: Where = async (id) => {
      const [info] = await ourNodeContainers(docker, env.PEERSCOPE_CLUSTER_TOKEN, { nodeId: id });
      if (!info) return {};
      const inspect = await docker.getContainer(info.Id).inspect();
      const nodePid = childNodePid(inspect.State.Pid);
      const started = nodePid === undefined ? undefined : processStartMs(nodePid);
      return {
        containerCreated: Date.parse(inspect.Created),
        containerStarted: Date.parse(inspect.State.StartedAt),
        ...(started !== undefined && { processStarted: started }),
      };
    };
    // Our containers' processes (host pids) and the engine's, which are not our descendants.
    let containerPids: number[] = [];
    const refresh = async () => {
      const ours = [
        ...(await docker.listContainers({ filters: { label: [`com.docker.compose.project=${SETTINGS.composeProject}`] } })),
        ...(await ourNodeContainers(docker, env.PEERSCOPE_CLUSTER_TOKEN)),
      ];
      const tops = await Promise.all(
        ours.map((c) =>
          docker
            .getContainer(c.Id)
            .top({ ps_args: '-o pid' })
            .catch(() => ({ Processes: [] as string[][] })),
        ),
      );
      containerPids = tops.flatMap((t) => ((t.Processes ?? []) as string[][]).map((row) => Number(row[0]))).filter((pid) => Number.isInteger(pid));
    };
    const enginePids = () =>
      descendants(1).filter((pid) => /\b(dockerd|containerd|containerd-shim[-\w]*|docker-proxy)\b/.test(cmdline(pid).split(' ')[0] ?? ''));
    const cpu = new CpuWindow(
      () => ({ containers: containerPids, engine: enginePids(), chromium: descendants(process.pid), bench: [process.pid] }),
      new Set(['containers', 'engine']),
    );
    await refresh();
    cpu.start();
    const samples = await addNodeSamples(page, sys.dashboardUrl, Math.max(10, SETTINGS.samples - 2), 60_000, where);
    await refresh();
    const cpuUse = cpu.stop();
    const loadAfter = load1();
    await page.context().close();

    await sleep(SETTINGS.idleSettleMs);
    await refresh();
    const idleCpu = await idleCpuPercent(() => ({ containers: containerPids, engine: enginePids() }), new Set(['containers', 'engine']));
    const idle = await dockerNodesMemory(docker, env.PEERSCOPE_CLUSTER_TOKEN);
    const boot = await containerBoot();
    const loadIdle = load1();
    const sent = await traffic(sys.dashboardUrl, SETTINGS.trafficRounds);
    const busy = await dockerNodesMemory(docker, env.PEERSCOPE_CLUSTER_TOKEN);
    const listed = await admin<{ nodes: unknown[] }>(sys, 'GET', '/nodes');
    const result = {
      runtime: 'docker',
      load1: { beforeClicks: loadBefore, afterClicks: loadAfter, memoryIdle: loadIdle },
      quietCheck: quiet,
      cpuPercentOfOneCoreDuringClicks: cpuUse,
      disturbed: (cpuUse.other ?? 0) >= QUIET_OTHER_PERCENT,
      addNode: { samples, summary: summarize(samples), goalMs: GOALS.dockerMs },
      memory: { idle, afterTraffic: busy, traffic: sent, registryNodes: listed.nodes.length },
      idleCpuPercentOfOneCore: idleCpu,
      nodeBootInContainer: boot,
    };
    report(result.addNode.summary, GOALS.dockerMs, loadBefore, cpuUse);
    console.log(
      `  idle CPU over ${IDLE_CPU_MS / 1000} s, % of one core: ${JSON.stringify(idleCpu)} (containers and engine with their reaped children: health checks, runc)`,
    );
    console.log(
      `  node boot in a fresh container (docker run, process start → apps/node/dist/app.js loaded, p50): ` +
        `--cpus 0.5 (the runtime's limit) ${boot.cpus05.p50} ms, no limit ${boot.unlimited.p50} ms`,
    );
    console.log(
      `  memory per node (${idle.container.nodes} containers): container (docker stats) idle ${idle.container.meanMiB} MiB, after ${sent.delivered + sent.failed} messages ${busy.container.meanMiB} MiB; ` +
        `node process VmRSS idle ${idle.vmRss.meanMiB} MiB, after ${busy.vmRss.meanMiB} MiB; RssAnon idle ${idle.rssAnon.meanMiB} MiB, after ${busy.rssAnon.meanMiB} MiB`,
    );
    await down();
    const health = await healthcheckCost(docker);
    console.log(
      `  idle CPU per standalone node container (${health.containers} containers, % of one core): containers and shims ` +
        `${health.withHealthcheck.perContainer}% with the image's HEALTHCHECK, ${health.withoutHealthcheck.perContainer}% with --no-healthcheck; ` +
        `shared dockerd + containerd ${health.withHealthcheck.daemonsPerContainer}% / ${health.withoutHealthcheck.daemonsPerContainer}% per container (other work ${health.withHealthcheck.other}% / ${health.withoutHealthcheck.other}%)`,
    );
    return { ...result, healthcheckIdleCost: health };
  } finally {
    await down();
  }
}

function report(summary: ReturnType<typeof summarize>, goalMs: number, load: number, cpu: Record<string, number>): void {
  const p = summary.clickToDrawnMs;
  const verdict = p.max <= goalMs ? 'met by every sample' : p.p50 <= goalMs ? `met by the median, not by every sample` : 'NOT met';
  console.log(`  click → drawn: p50 ${p.p50} ms, p90 ${p.p90} ms, max ${p.max} ms (n=${p.n}); goal ≤ ${goalMs} ms: ${verdict}; load ${load}`);
  console.log(
    `    CPU during the clicks, % of one core: ${JSON.stringify(cpu)}${(cpu.other ?? 0) >= QUIET_OTHER_PERCENT ? ' (disturbed by other work: rerun on a quiet machine)' : ''}`,
  );
  console.log('    where the time goes, ms after the click (p50 / max):');
  for (const [k, v] of Object.entries(summary.clickToMarkMs)) console.log(`      ${MARKS[k as Mark].padEnd(70)} ${v.p50} / ${v.max}`);
  console.log(`      ${'drawn in the page (hook nodes() has it alive, checked every frame)'.padEnd(70)} ${p.p50} / ${p.max}`);
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const m = machine();
  console.log(`runtimes: ${machineLine(m)}; measuring ${JSON.stringify(sutInfo())}`);
  try {
    let browser: Browser | undefined;
    const getBrowser = async () => (browser ??= await launchBrowser(cleanup));
    const results = [];
    if (SETTINGS.runtimes.includes('process')) results.push(await processRuntime(cleanup, getBrowser));
    if (SETTINGS.runtimes.includes('docker')) {
      const docker = await dockerRuntime(cleanup, getBrowser);
      if ('skipped' in docker) console.log(`\n== Docker runtime skipped: ${docker.skipped}`);
      results.push(docker);
    }
    const path = await writeResults('runtimes', { benchmark: 'runtimes', machine: m, measured: sutInfo(), settings: SETTINGS, goals: GOALS, results });
    console.log(`details: ${path}`);
  } finally {
    await cleanup.run();
  }
}

await main();
