// How many real nodes this machine holds, and how well: the runtimes side by side at a course's
// size (join time, memory, idle CPU), then the pool runtime at a thousand nodes: join time,
// memory, idle CPU, false deaths over an idle minute and a minute of traffic, delivery and
// latency, crash → dead. See bench/README.md, "Scale".
import { setTimeout as sleep } from 'node:timers/promises';
import type { Delta } from '@peerscope/protocol';
import { freeFixedPort } from './lib/children.js';
import { processCpuMs } from './lib/cpu.js';
import { CpuWindow, load1, machine, machineLine, processStartMs, pssKiB, waitForQuiet } from './support/machine.js';
import { admin, Cleanup, envInt, startLauncher, sutInfo, writeResults, type AdminNode, type LauncherSystem } from './support/system.js';
import { CountingSubscriber, percentiles } from './support/tally.js';

const SETTINGS = {
  /** The side-by-side size, and the runtimes compared at it. */
  compareNodes: envInt('BENCH_COMPARE_NODES', 100),
  compareRuntimes: (process.env.BENCH_COMPARE_RUNTIMES ?? 'process,pool').split(',').filter(Boolean),
  compareIdleS: envInt('BENCH_COMPARE_IDLE_S', 20),
  /** The large run, on the pool runtime. */
  nodes: process.env.BENCH_NODES === '0' ? 0 : envInt('BENCH_NODES', 1_000),
  idleS: envInt('BENCH_IDLE_S', 60),
  trafficS: envInt('BENCH_TRAFFIC_S', 60),
  rate: envInt('BENCH_RATE', 1_000),
  crashes: envInt('BENCH_CRASHES', 20),
  /** A gossip from one node after the traffic: every node passes it to this many others (0: none). */
  gossipFanout: envInt('BENCH_GOSSIP_FANOUT', 20),
  gossipTtl: envInt('BENCH_GOSSIP_TTL', 6),
  gossipWatchS: envInt('BENCH_GOSSIP_WATCH_S', 30),
  /** Larger pool runs after the main one (e.g. "2000,5000"): join, memory, idle CPU only. */
  push: (process.env.BENCH_PUSH ?? '').split(',').filter(Boolean).map(Number),
  joinTimeoutS: envInt('BENCH_JOIN_TIMEOUT_S', 300),
};
const GOALS = { joinS: 10, pssMiB: 1_536, idleCpuPercent: 50, falseDeaths: 0, delivered: 0.999, crashToDeadP99Ms: 3_500 };

/** What the registry did meanwhile, as the hub tells every browser. */
class Watch {
  readonly sub: CountingSubscriber;
  /** Nodes the benchmark crashed itself: their deaths are true ones. */
  readonly crashed = new Map<string, number>();
  deaths: Array<{ id: string; at: number }> = [];
  suspicions = 0;
  latencies: number[] = [];
  failures = new Map<string, number>();
  recording = false;
  /** The gossip being watched: its hops, who it reached, how its hops ended. */
  gossip:
    { id: string; hops: number; lastHopAt: number; lastOutcomeAt?: number; reached: Set<string>; delivered: number; failed: Map<string, number> } | undefined;

  constructor(dashboardUrl: string) {
    this.sub = new CountingSubscriber(dashboardUrl);
    this.sub.onDelta = (delta: Delta) => this.see(delta);
  }

  private see({ event }: Delta): void {
    if (this.gossip && 'gossip' in event && event.gossip?.id === this.gossip.id) this.seeGossip(event);
    if (event.type === 'node:status-changed') {
      if (event.status === 'dead') this.deaths.push({ id: event.nodeId, at: event.at });
      if (event.status === 'suspect') this.suspicions += 1;
    } else if (this.recording && event.type === 'message:delivered') {
      this.latencies.push(event.latencyMs);
    } else if (this.recording && event.type === 'message:failed') {
      const code = event.error.code;
      this.failures.set(code, (this.failures.get(code) ?? 0) + 1);
    }
  }

  private seeGossip(event: Delta['event']): void {
    const gossip = this.gossip!;
    if (event.type === 'message:sent') {
      gossip.hops += 1;
      gossip.lastHopAt = Date.now();
    } else if (event.type === 'message:received') gossip.reached.add(event.to);
    else if (event.type === 'message:delivered') {
      gossip.delivered += 1;
      gossip.lastOutcomeAt = Date.now();
    } else if (event.type === 'message:failed') {
      gossip.failed.set(event.error.code, (gossip.failed.get(event.error.code) ?? 0) + 1);
      gossip.lastOutcomeAt = Date.now();
    }
  }

  /** Deaths since `from` of nodes the benchmark did not crash. */
  falseDeathsSince(from: number): string[] {
    return this.deaths.filter((d) => d.at >= from && !this.crashed.has(d.id)).map((d) => d.id);
  }
}

/** The system's own processes (not the browser): what the goals count. */
function groups(sys: LauncherSystem): Record<string, number[]> {
  return {
    launcher: [sys.pid],
    bootstrap: sys.pidsMatching(/apps\/bootstrap\//),
    dashboard: sys.pidsMatching(/apps\/dashboard\//),
    nodes: sys.pidsMatching(/apps\/node\//),
  };
}

function pssMiB(sys: LauncherSystem): Record<string, number> {
  const result: Record<string, number> = {};
  let total = 0;
  for (const [name, pids] of Object.entries(groups(sys))) {
    const kib = pids.reduce((sum, pid) => sum + (pssKiB(pid) ?? 0), 0);
    result[name] = Math.round(kib / 1024);
    total += kib;
  }
  result.total = Math.round(total / 1024);
  return result;
}

async function idleCpu(sys: LauncherSystem, seconds: number): Promise<Record<string, number>> {
  const window = new CpuWindow(() => groups(sys));
  window.start();
  await sleep(seconds * 1_000);
  const used = window.stop();
  used.total = (used.launcher ?? 0) + (used.bootstrap ?? 0) + (used.dashboard ?? 0) + (used.nodes ?? 0);
  return used;
}

/** The bootstrap's Prometheus text (`GET /metrics`, open unless a metrics token is set); empty while it does not answer. */
async function bootstrapMetrics(bootstrapUrl: string): Promise<string> {
  try {
    return await (await fetch(`${bootstrapUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })).text();
  } catch {
    return '';
  }
}

/** The registry's alive peerscope nodes, from its gauge. */
const aliveIn = (metrics: string): number => Number(/^peerscope_nodes\{status="alive",kind="peerscope"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);

/** What the registry's answers carried of the peer list, by call: `heartbeat whole` etc. */
function listAnswersIn(metrics: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, call, list, n] of metrics.matchAll(/^peerscope_peer_list_answers_total\{call="(\w+)",list="(\w+)"\} (\d+)$/gm))
    counts[`${call} ${list}`] = Number(n);
  return counts;
}

/** Starts `nodes` on `runtime` with the launcher; resolves once all are alive, with the join time. */
async function launch(cleanup: Cleanup, runtime: string, nodes: number) {
  const spawnedAt = Date.now();
  const bootstrapPort = await freeFixedPort();
  let dashboardPort = await freeFixedPort();
  while (dashboardPort === bootstrapPort) dashboardPort = await freeFixedPort();
  const sys = await startLauncher(cleanup, {
    nodes,
    bootstrapPort,
    dashboardPort,
    timeoutMs: SETTINGS.joinTimeoutS * 1_000,
    env: { PEERSCOPE_RUNTIME: runtime, PEERSCOPE_NODE_LOG_LEVEL: 'warn' },
  });
  const bootstrapPid = sys.pidsMatching(/apps\/bootstrap\//)[0];
  const bootstrapStartedAt = (bootstrapPid !== undefined && processStartMs(bootstrapPid)) || spawnedAt;
  const deadline = Date.now() + SETTINGS.joinTimeoutS * 1_000;
  // Counted from the registry's metrics while they join: the whole node list, read four times a
  // second, costs a bootstrap of thousands of nodes a share of its event loop the join needs.
  let aliveCount = 0;
  let metrics = '';
  while (Date.now() < deadline) {
    metrics = await bootstrapMetrics(sys.bootstrapUrl);
    aliveCount = aliveIn(metrics);
    if (aliveCount >= nodes) break;
    await sleep(aliveCount < 1_000 ? 250 : 1_000);
  }
  if (aliveCount < nodes) {
    throw new Error(
      `${runtime}: only ${aliveCount} of ${nodes} nodes alive after ${SETTINGS.joinTimeoutS} s; peer-list answers ${JSON.stringify(listAnswersIn(metrics))}`,
    );
  }
  const { nodes: all } = await admin<{ nodes: Array<AdminNode & { registeredAt: number }> }>(sys, 'GET', '/nodes');
  const lastRegisteredAt = Math.max(...all.map((n) => n.registeredAt));
  // The parts' CPU since they started: the join's cost, which a busy machine stretches in time but not in amount.
  const cpuS = Object.fromEntries(
    Object.entries(groups(sys)).map(([part, pids]) => [part, round(pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? 0), 0) / 1_000)]),
  );
  // What the failure detector did while they joined (a slow join makes suspicions, even deaths).
  const { detector } = await admin<{ detector: Record<string, number> }>(sys, 'GET', '/membership');
  // Whether answers carried the whole list or only changes: the whole list to thousands of nodes is the join's largest cost.
  const listAnswers = listAnswersIn(await bootstrapMetrics(sys.bootstrapUrl));
  return {
    sys,
    join: {
      /** Bootstrap process start → the last node registered (the registry's own clock). */
      bootstrapStartToAllRegisteredS: round((lastRegisteredAt - bootstrapStartedAt) / 1_000),
      /** `npm start` (the launcher spawned) → all alive and the dashboard up. */
      launcherToReadyS: round((Date.now() - spawnedAt) / 1_000),
      /** CPU seconds each part used from its start to the moment all were alive. */
      cpuS,
      detector,
      listAnswers,
    },
  };
}

async function compareRun(cleanup: Cleanup, runtime: string) {
  console.log(`\n${runtime}, ${SETTINGS.compareNodes} nodes`);
  const { sys, join } = await launch(cleanup, runtime, SETTINGS.compareNodes);
  const quiet = await waitForQuiet(`${runtime} idle`);
  const cpu = await idleCpu(sys, SETTINGS.compareIdleS);
  const pss = pssMiB(sys);
  console.log(`  joined in ${join.bootstrapStartToAllRegisteredS} s; PSS ${pss.total} MiB; idle CPU ${cpu.total}% of a core`);
  const stopped = await sys.stop();
  return { runtime, nodes: SETTINGS.compareNodes, join, pssMiB: pss, idleCpuPercent: cpu, machineQuiet: quiet, stopped };
}

async function waitTraffic(sys: LauncherSystem, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await admin<{ running: boolean; sent: number; delivered: number; failed: number }>(sys, 'GET', '/traffic');
    if (!status.running || Date.now() > deadline) return status;
    await sleep(500);
  }
}

async function crashToDead(sys: LauncherSystem, watch: Watch, alive: AdminNode[]) {
  const victims = alive.slice(-SETTINGS.crashes);
  for (const node of victims) {
    watch.crashed.set(node.id, Date.now());
    await admin(sys, 'DELETE', `/nodes/${node.id}?mode=crash`);
    await sleep(300);
  }
  const deadline = Date.now() + 20_000;
  // Only a death after the crash is the crash's (a node may have died and come back before it).
  const deadAt = () => new Map(watch.deaths.filter((d) => d.at >= (watch.crashed.get(d.id) ?? Infinity)).map((d) => [d.id, d.at]));
  while (deadAt().size < victims.length && Date.now() < deadline) await sleep(100);
  const seen = deadAt();
  const missed = victims.filter((v) => !seen.has(v.id)).map((v) => v.id);
  const samples = victims.flatMap((v) => (seen.has(v.id) ? [seen.get(v.id)! - watch.crashed.get(v.id)!] : []));
  return { crashToDeadMs: percentiles(samples), notDeadWithin20s: missed };
}

/**
 * One gossip across the whole network at the largest fan-out: every node passes it to 20 others,
 * some 20,000 hops in a few seconds, all at once. What it costs the membership: false deaths and
 * suspicions while it spreads and for the rest of the watch, and how far it got.
 */
async function gossipStorm(sys: LauncherSystem, watch: Watch) {
  await waitForQuiet('before the gossip');
  const from = Date.now();
  const suspicionsBefore = watch.suspicions;
  const origin = (await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes')).nodes.find((n) => n.status === 'alive' && n.kind === 'peerscope')!;
  const started = await admin<{ id: string }>(sys, 'POST', '/gossip', {
    from: origin.id,
    text: 'storm',
    fanout: SETTINGS.gossipFanout,
    ttl: SETTINGS.gossipTtl,
  });
  watch.gossip = { id: started.id, hops: 0, lastHopAt: Date.now(), reached: new Set([origin.id]), delivered: 0, failed: new Map() };
  const gossip = watch.gossip;
  // Spread: until no hop has been sent for 3 s.
  while (Date.now() - gossip.lastHopAt < 3_000 && Date.now() - from < SETTINGS.gossipWatchS * 1_000) await sleep(250);
  const spreadS = round((gossip.lastHopAt - from) / 1_000);
  await sleep(Math.max(0, from + SETTINGS.gossipWatchS * 1_000 - Date.now()));
  watch.gossip = undefined;
  // Settled: every hop sent has an outcome (delivered or failed); null if some had none by the end of the watch.
  const outcomes = gossip.delivered + [...gossip.failed.values()].reduce((sum, n) => sum + n, 0);
  const settledS = outcomes >= gossip.hops && gossip.lastOutcomeAt !== undefined ? round((gossip.lastOutcomeAt - from) / 1_000) : null;
  return {
    fanout: SETTINGS.gossipFanout,
    ttl: SETTINGS.gossipTtl,
    hops: gossip.hops,
    reached: gossip.reached.size,
    spreadS,
    settledS,
    delivered: gossip.delivered,
    failed: Object.fromEntries(gossip.failed),
    watchedS: SETTINGS.gossipWatchS,
    falseDeaths: watch.falseDeathsSince(from),
    suspicions: watch.suspicions - suspicionsBefore,
  };
}

async function largeRun(cleanup: Cleanup, nodes: number, full: boolean) {
  console.log(`\npool, ${nodes} nodes`);
  const { sys, join } = await launch(cleanup, 'pool', nodes);
  const watch = new Watch(sys.dashboardUrl);
  await watch.sub.start(60_000);
  console.log(
    `  joined in ${join.bootstrapStartToAllRegisteredS} s (launcher → ready ${join.launcherToReadyS} s); CPU s ${JSON.stringify(join.cpuS)}; detector ${JSON.stringify(join.detector)}; peer-list answers ${JSON.stringify(join.listAnswers)}`,
  );
  const quiet = await waitForQuiet('pool idle');
  const idleFrom = Date.now();
  const suspicionsBeforeIdle = watch.suspicions;
  const idle = await idleCpu(sys, full ? SETTINGS.idleS : SETTINGS.compareIdleS);
  const pss = pssMiB(sys);
  const idleFalseDeaths = watch.falseDeathsSince(idleFrom);
  const idleSuspicions = watch.suspicions - suspicionsBeforeIdle;
  console.log(`  PSS ${pss.total} MiB; idle CPU ${idle.total}% of a core; false deaths ${idleFalseDeaths.length}, suspicions ${idleSuspicions}`);
  const result: Record<string, unknown> = {
    runtime: 'pool',
    nodes,
    join,
    pssMiB: pss,
    idleCpuPercent: idle,
    idleFalseDeaths,
    idleSuspicions,
    machineQuiet: quiet,
  };
  if (full) {
    const trafficFrom = Date.now();
    watch.recording = true;
    const suspicionsBefore = watch.suspicions;
    const window = new CpuWindow(() => groups(sys));
    window.start();
    await admin(sys, 'POST', '/traffic', { rate: SETTINGS.rate, durationS: SETTINGS.trafficS });
    const traffic = await waitTraffic(sys, (SETTINGS.trafficS + 60) * 1_000);
    const cpu = window.stop();
    watch.recording = false;
    const trafficFalseDeaths = watch.falseDeathsSince(trafficFrom);
    const perMessageUs = (percent: number | undefined, idlePercent: number | undefined) =>
      round(((((percent ?? 0) - (idlePercent ?? 0)) / 100) * SETTINGS.trafficS * 1e6) / Math.max(1, traffic.sent));
    Object.assign(result, {
      traffic: { ...traffic, deliveredRatio: traffic.delivered / Math.max(1, traffic.sent), failures: Object.fromEntries(watch.failures) },
      trafficCpuPercent: cpu,
      nodeCpuPerMessageUs: perMessageUs(cpu.nodes, idle.nodes),
      bootstrapCpuPerMessageUs: perMessageUs(cpu.bootstrap, idle.bootstrap),
      sendLatencyMs: percentiles(watch.latencies),
      trafficFalseDeaths,
      trafficSuspicions: watch.suspicions - suspicionsBefore,
    });
    console.log(
      `  traffic: ${traffic.delivered}/${traffic.sent} delivered; false deaths ${trafficFalseDeaths.length}; latency p50 ${percentiles(watch.latencies).p50} ms p99 ${percentiles(watch.latencies).p99} ms`,
    );
    if (SETTINGS.gossipFanout > 0) {
      result.gossip = await gossipStorm(sys, watch);
      console.log(`  gossip: ${JSON.stringify(result.gossip)}`);
    }
    const alive = (await admin<{ nodes: AdminNode[] }>(sys, 'GET', '/nodes')).nodes.filter((n) => n.status === 'alive');
    Object.assign(result, await crashToDead(sys, watch, alive));
    console.log(`  crash → dead: ${JSON.stringify(result.crashToDeadMs)}`);
  }
  watch.sub.close();
  result.stopped = await sys.stop();
  return result;
}

const round = (x: number) => Math.round(x * 100) / 100;

const cleanup = new Cleanup();
const started = { machine: machine(), load1: load1(), sut: sutInfo() };
console.log(`bench:scale on ${machineLine(started.machine)}, load ${started.load1}, commit ${started.sut.commit}${started.sut.dirty ? ' (dirty)' : ''}`);
try {
  const compare = [];
  for (const runtime of SETTINGS.compareRuntimes) compare.push(await compareRun(cleanup, runtime));
  // BENCH_NODES=0 skips the main run (only the push sizes: e.g. BENCH_NODES=0 BENCH_PUSH=10000).
  const large = SETTINGS.nodes > 0 ? await largeRun(cleanup, SETTINGS.nodes, true) : undefined;
  const push = [];
  for (const nodes of SETTINGS.push) {
    try {
      push.push(await largeRun(cleanup, nodes, false));
    } catch (err) {
      push.push({ runtime: 'pool', nodes, error: (err as Error).message.slice(0, 2_000) });
      console.log(`  ${nodes} nodes: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const path = await writeResults(`scale-${Date.now()}`, { ...started, settings: SETTINGS, goals: GOALS, compare, large, push, load1After: load1() });
  console.log(`\nresults: ${path}`);
} finally {
  await cleanup.run();
}
