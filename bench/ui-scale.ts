// Benchmark: is the dashboard smooth and exact at scale? Three loads (20 nodes + 200 msgs/s and
// 100 nodes + 200 msgs/s on the process runtime, 1,000 nodes + 1,000 msgs/s on the pool runtime),
// each drawn by a real Chromium page (1440×900) with each renderer (canvas; WebGL through
// SwiftShader): frames per second (the page's and Cytoscape's), worst and p99 frame, how far the
// page is behind the hub, its memory, and whether its counters end equal to the generator's.
// See bench/README.md, "ui-scale".
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, CDPSession, Page } from '@playwright/test';
import type { Counters } from '@peerscope/protocol';
import type { PeerscopeTestHook } from '../apps/dashboard/lib/common/test-hook-types.js';
import { freeFixedPort } from './lib/children.js';
import { launchBrowser } from './support/browser.js';
import { CpuWindow, cmdline, descendants, load1, machine, machineLine, pssKiB, waitForQuiet } from './support/machine.js';
import { generatorTraffic, syntheticTraffic, type TrafficCount, type TrafficSource } from './support/ui-traffic.js';
import { startFrameProbe, stopFrameProbe, type FrameFigures } from './support/page-frames.js';
import { chunkLabel, startProfile, stopProfile, type ProfileSummary } from './support/page-profile.js';
import { phasesOfProfile, startLoadProfile, stopLoadProfile, type PhaseTime } from './support/load-profile.js';
import { aliveNodes, Cleanup, envInt, repo, startLauncher, sutInfo, writeResults, type LauncherSystem } from './support/system.js';
import { CountingSubscriber, percentiles, type Tally } from './support/tally.js';

type Renderer = 'canvas' | 'webgl';

interface Load {
  nodes: number;
  runtime: 'process' | 'pool';
  rate: number;
  /** The goal: rAF and graph frames per second at least this; p99 frame at most `p99FrameMs` where given. */
  goalFps: number;
  goalP99FrameMs?: number;
}

const LOADS: Record<string, Load> = {
  '20': { nodes: 20, runtime: 'process', rate: 200, goalFps: 55 },
  '100': { nodes: 100, runtime: 'process', rate: 200, goalFps: 50 },
  '1000': { nodes: 1_000, runtime: 'pool', rate: 1_000, goalFps: 30, goalP99FrameMs: 50 },
};

const SHORT = process.env.BENCH_SHORT === '1';
const SETTINGS = {
  loads: (process.env.BENCH_LOADS ?? (SHORT ? '20,1000' : '20,100,1000')).split(',').filter(Boolean),
  renderers: (process.env.BENCH_RENDERERS ?? 'canvas,webgl').split(',').filter(Boolean) as Renderer[],
  /** Traffic before the measured window, for the page to reach its steady state. */
  warmupS: envInt('BENCH_WARMUP_S', SHORT ? 2 : 3),
  measureS: envInt('BENCH_MEASURE_S', SHORT ? 3 : 5),
  /** BENCH_PAGE_PROFILE=1: a CPU profile of the page over this many seconds after the measured window, traffic still on. */
  profileS: process.env.BENCH_PAGE_PROFILE === '1' ? envInt('BENCH_PROFILE_S', 3) : 0,
  /** How long after the generator stops the page may take to show its counts exactly (the goal). */
  exactWithinMs: 1_000,
  joinTimeoutS: envInt('BENCH_JOIN_TIMEOUT_S', 300),
  /** `generator`: the bootstrap's traffic generator through the real nodes; `synthetic`: a reporter feeding the hub directly. */
  source: process.env.BENCH_SOURCE === 'synthetic' ? 'synthetic' : 'generator',
  /**
   * The space-time diagram's panel: `closed` (the default), `open`, or `compare`: each renderer
   * measured with it closed, then open, `diagramRounds` times in turn, in one run (the goal: open
   * keeps the frame rates within 10% of closed).
   */
  diagram: (['open', 'compare'] as const).find((v) => v === process.env.BENCH_DIAGRAM) ?? 'closed',
  diagramRounds: envInt('BENCH_DIAGRAM_ROUNDS', 2),
  /** BENCH_LOAD_REPEATS=n: before any traffic, the page is loaded n times alone (each in a fresh context), and where each load's time went. */
  loadRepeats: envInt('BENCH_LOAD_REPEATS', 0),
  /** BENCH_LOADS_ONLY=1: only those loads, no traffic. */
  loadsOnly: process.env.BENCH_LOADS_ONLY === '1',
  /** BENCH_LOAD_PROFILE=1: after those loads, one more with a CPU profile, split by phase. */
  loadProfile: process.env.BENCH_LOAD_PROFILE === '1',
};
const GOALS = { lagMs: 1_000, jsHeapMiB: 300, loadMs: 2_000, diagramFpsShare: 0.9 };

interface HookHost {
  __peerscope?: PeerscopeTestHook;
}

/** How long each sample of the page's applied seq had been behind what the hub had already sent. */
function lagBehindHub(tally: Tally, seqs: Array<[number, number]>): ReturnType<typeof percentiles> {
  const batches = tally.batches;
  const lags = seqs.map(([at, seq]) => {
    // The first batch that carried a delta past what the page had applied.
    let lo = 0;
    let hi = batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (batches[mid]!.last > seq) hi = mid;
      else lo = mid + 1;
    }
    const next = batches[lo];
    return next && next.at < at ? at - next.at : 0;
  });
  return percentiles(lags);
}

/** The hub's counters as a `/ui` subscriber builds them: its snapshot's, plus every delta's messages. */
class HubCounters {
  readonly counters: Counters = { sent: 0, delivered: 0, failed: 0, received: 0 };

  constructor(sub: CountingSubscriber) {
    sub.onSnapshot = (snapshot) => Object.assign(this.counters, snapshot.counters);
    sub.onDelta = ({ event }) => {
      if (event.type === 'message:sent') this.counters.sent += 1;
      else if (event.type === 'message:received') this.counters.received += 1;
      else if (event.type === 'message:delivered') this.counters.delivered += 1;
      else if (event.type === 'message:failed') this.counters.failed += 1;
      else if (event.type === 'messages:summarised') {
        this.counters.sent += event.sent;
        this.counters.received += event.received;
        this.counters.delivered += event.delivered;
        this.counters.failed += event.failed;
      }
    };
  }
}

const sameCounts = (a: Counters, b: Counters) => a.sent === b.sent && a.delivered === b.delivered && a.failed === b.failed && a.received === b.received;

/** The renderer processes' and the GPU process's PSS (MiB) among this benchmark's descendants: the browser's memory outside the JS heap. */
function browserMemoryMiB(): { renderer: number; gpu: number } {
  let renderer = 0;
  let gpu = 0;
  for (const pid of descendants(process.pid)) {
    const command = cmdline(pid);
    const kib = pssKiB(pid) ?? 0;
    if (command.includes('--type=renderer')) renderer = Math.max(renderer, kib);
    else if (command.includes('--type=gpu-process')) gpu = Math.max(gpu, kib);
  }
  return { renderer: Math.round(renderer / 1024), gpu: Math.round(gpu / 1024) };
}

/** Chromium's own counters for the page (CDP Performance domain): task, script, style and layout seconds, the JS heap. */
async function pageMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** Where the page's main thread went over a window, in % of it: busy (all tasks), script, style, layout. */
function mainThreadShares(before: Record<string, number>, after: Record<string, number>, windowMs: number) {
  const share = (key: string) => Math.round((((after[key] ?? 0) - (before[key] ?? 0)) * 100_000) / windowMs);
  return { busy: share('TaskDuration'), script: share('ScriptDuration'), style: share('RecalcStyleDuration'), layout: share('LayoutDuration') };
}

const pageCounters = (page: Page) => page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.counters() as Counters | undefined);

/** Opens the dashboard with `renderer`; resolves with the page and the ms from `goto` to a frame showing every node. */
async function openPage(
  browser: Browser,
  url: string,
  renderer: Renderer,
  nodes: number,
  beforeGoto?: (page: Page) => Promise<void>,
): Promise<{ page: Page; loadMs: number; drawnWith: string }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await beforeGoto?.(page);
  const started = Date.now();
  await page.goto(`${url}/?renderer=${renderer}`);
  await page.waitForFunction((n) => ((globalThis as unknown as HookHost).__peerscope?.nodes().length ?? 0) >= n, nodes, { timeout: 60_000, polling: 'raf' });
  const loadMs = Date.now() - started;
  const drawnWith = (await page.getAttribute('[data-renderer]', 'data-renderer')) ?? 'unknown';
  return { page, loadMs, drawnWith };
}

/** The page's load marks (apps/dashboard/lib/browser/load-marks.ts) and the navigation's own, in ms from its start. */
const LOAD_PHASES = [
  'responseEnd',
  'scripts',
  'domContentLoaded',
  'connecting',
  'largestScript',
  'hydrated',
  'socket-open',
  'snapshot-received',
  'snapshot',
  'view',
  'graph-mounted',
  'graph-drawn',
  'graph-painted',
] as const;
type LoadPhases = Partial<Record<(typeof LOAD_PHASES)[number], number>>;

async function loadPhases(page: Page): Promise<LoadPhases> {
  return page.evaluate(() => {
    const phases: Record<string, number> = {};
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    if (nav) {
      phases.responseEnd = nav.responseEnd;
      phases.domContentLoaded = nav.domContentLoadedEventEnd;
    }
    // The page's own scripts: when the last one asked for by the HTML had arrived, and when the largest (Cytoscape's chunk) had.
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (r) => r.initiatorType === 'script' || r.name.endsWith('.js'),
    );
    const parsed = scripts.filter((r) => r.startTime < (phases.domContentLoaded ?? Infinity));
    if (parsed.length > 0) phases.scripts = Math.max(...parsed.map((r) => r.responseEnd));
    const largest = scripts.reduce<PerformanceResourceTiming | undefined>((a, b) => (a && a.decodedBodySize >= b.decodedBodySize ? a : b), undefined);
    if (largest) phases.largestScript = largest.responseEnd;
    for (const mark of performance.getEntriesByType('mark')) if (mark.name.startsWith('peerscope:')) phases[mark.name.slice(10)] = mark.startTime;
    // The end of Cytoscape's first draw of its node layer once every node was in the graph: the picture on screen.
    const draws = (globalThis as unknown as HookHost).__peerscope?.drawTimes?.() ?? [];
    const painted = draws.find(([at, , nodeLayer]) => nodeLayer === 1 && at >= (phases['graph-drawn'] ?? Infinity));
    if (painted) phases['graph-painted'] = painted[0] + painted[1];
    return phases;
  });
}

/** Loads the page `n` times in turn, alone (no traffic): each load's ms from `goto` to a drawn graph, and its phases. */
async function repeatedLoads(browser: Browser, sys: LauncherSystem, renderer: Renderer, nodes: number, n: number): Promise<PageLoad[]> {
  const loads: PageLoad[] = [];
  for (let i = 0; i < n; i += 1) {
    // The CPU of each load's own processes (the page's renderer is counted before its context closes), and the rest: other work.
    const cpu = new CpuWindow(() => {
      const system = new Set([sys.pid, ...descendants(sys.pid)]);
      return { system: [...system], chromium: descendants(process.pid).filter((p) => !system.has(p)), bench: [process.pid] };
    });
    cpu.start();
    const { page, loadMs } = await openPage(browser, sys.dashboardUrl, renderer, nodes);
    const phases = await settledPhases(page);
    loads.push({ loadMs, phases, cpuPercent: cpu.stop() });
    await page.context().close();
    await sleep(500);
  }
  return loads;
}

interface PageLoad {
  loadMs: number;
  phases: LoadPhases;
  /** % of a core during the load (to the graph painted): the system, Chromium, this benchmark, and other work. */
  cpuPercent: Record<string, number>;
}

/** The load's phases once Cytoscape has painted the drawn graph (or 5 s have passed). */
async function settledPhases(page: Page): Promise<LoadPhases> {
  const deadline = Date.now() + 5_000;
  let phases = await loadPhases(page);
  while (phases['graph-painted'] === undefined && Date.now() < deadline) {
    await sleep(50);
    phases = await loadPhases(page);
  }
  return phases;
}

/** BENCH_LOAD_PROFILE=1: one more load with a CPU profile, split by phase (bench/support/load-profile.ts). */
async function profiledLoad(browser: Browser, url: string, renderer: Renderer, nodes: number): Promise<{ loadMs: number; phases: PhaseTime[]; file: string }> {
  let cdp: CDPSession | undefined;
  let dcl: (() => Promise<number | undefined>) | undefined;
  const { page, loadMs } = await openPage(browser, url, renderer, nodes, async (p) => {
    cdp = await p.context().newCDPSession(p);
    dcl = await startLoadProfile(cdp);
  });
  try {
    const phases = await settledPhases(page);
    const file = repo(`bench/results/ui-scale-load-${renderer}-${nodes}.cpuprofile`);
    const profile = await stopLoadProfile(cdp!, file);
    const dclMonotonicS = await dcl!();
    if (dclMonotonicS === undefined || phases.domContentLoaded === undefined) return { loadMs, phases: [], file };
    const dclMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart);
    const ordered = LOAD_PHASES.flatMap((phase) => (phases[phase] === undefined ? [] : [[phase, phases[phase]!] as [string, number]]));
    return { loadMs, phases: phasesOfProfile(profile, ordered, dclMs, dclMonotonicS), file };
  } finally {
    await page.context().close();
  }
}

function reportProfiledLoad(run: { loadMs: number; phases: PhaseTime[]; file: string }): string[] {
  return [
    `    profiled load ${run.loadMs} ms (profile: ${run.file}); per phase, wall / busy / idle ms, then the busiest scripts and functions:`,
    ...run.phases.flatMap((p) => [
      `      ${p.phase}: ${p.wallMs} / ${p.busyMs} / ${p.idleMs}; ${p.byScript.map((s) => `${s.script} ${s.ms}`).join(', ')}`,
      `        ${p.topFunctions.map((f) => `${f.fn} ${f.ms}`).join('; ')}`,
    ]),
  ];
}

function reportLoads(renderer: Renderer, loads: PageLoad[]): string[] {
  const spread = percentiles(loads.map((l) => l.loadMs));
  const median = (values: number[]) => percentiles(values).p50;
  const phases = LOAD_PHASES.map((phase) => {
    const at = loads.flatMap((l) => (l.phases[phase] === undefined ? [] : [l.phases[phase]!]));
    return at.length === 0 ? undefined : `${phase} ${Math.round(median(at))}`;
  }).filter(Boolean);
  return [
    `  ${renderer}: ${loads.length} page loads alone: ${loads.map((l) => l.loadMs).join(', ')} ms (p50 ${spread.p50}, min ${Math.min(...loads.map((l) => l.loadMs))}; goal ≤ ${GOALS.loadMs}: ${spread.p50 <= GOALS.loadMs ? 'met' : 'NOT met'} at the median)`,
    `    medians, ms after navigation start: ${phases.join(', ')}`,
    `    other work during each load (% of a core): ${loads.map((l) => l.cpuPercent.other ?? '?').join(', ')}`,
  ];
}

interface RendererRun {
  renderer: Renderer;
  /**
   * Whether the space-time diagram's panel was open; in the measured window, how often it drew and
   * the share of the window its own code took on the page's main thread (events in, layout, drawing).
   */
  diagram: { open: boolean; drawsPerS: number; mainThreadPercent: number; arrows: number };
  drawnWith: string;
  loadMs: number;
  frames: Omit<FrameFigures, 'seqs' | 'notLive'>;
  lagMs: ReturnType<typeof percentiles>;
  disconnected: boolean;
  jsHeapMiB: number;
  /** % of the measured window the page's main thread spent on tasks, and on script, style and layout within them. */
  mainThread: { busy: number; script: number; style: number; layout: number };
  browserMemoryMiB: { renderer: number; gpu: number };
  /** The generator's count, or the synthetic reporter's (BENCH_SOURCE=synthetic). */
  generator: TrafficCount;
  pageCountedRun: { sent: number; delivered: number; failed: number };
  /** ms after the generator reported its run over until the page's counts equalled its own; undefined: never within 10 s. */
  exactAfterMs: number | undefined;
  /** ms after the run until the page's counters equalled the hub's (all four); undefined: never within 10 s. */
  sameAsHubAfterMs: number | undefined;
  /** What the nodes reported to the hub about the run (the generator's figures count answers, which an overloaded node may time out). */
  hubCountedRun: { sent: number; delivered: number; failed: number };
  cpuPercent: Record<string, number>;
  load1: number;
  quiet: { waitedS: number; otherPercent: number | undefined; quiet: boolean };
  profile?: ProfileSummary;
}

async function measureRenderer(
  load: Load,
  sys: LauncherSystem,
  sub: CountingSubscriber,
  hub: HubCounters,
  browser: Browser,
  renderer: Renderer,
  traffic: TrafficSource,
  diagramOpen: boolean,
): Promise<RendererRun> {
  const { page, loadMs, drawnWith } = await openPage(browser, sys.dashboardUrl, renderer, load.nodes);
  try {
    if (diagramOpen) await openDiagram(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await sleep(1_000);
    const quiet = await waitForQuiet(`${load.nodes} nodes, ${renderer}`);
    const before = (await pageCounters(page))!;
    const hubBefore = { ...hub.counters };
    const durationS = SETTINGS.warmupS + SETTINGS.measureS + SETTINGS.profileS + 1;
    await traffic.start(load.rate, durationS);
    await sleep(SETTINGS.warmupS * 1_000);

    const launcherTree = () => new Set([sys.pid, ...descendants(sys.pid)]);
    const cpu = new CpuWindow(() => {
      const system = launcherTree();
      return { system: [...system], chromium: descendants(process.pid).filter((p) => !system.has(p)), bench: [process.pid] };
    });
    cpu.start();
    const metricsBefore = await pageMetrics(cdp);
    const diagramBefore = await diagramStats(page);
    await startFrameProbe(page);
    await sleep(SETTINGS.measureS * 1_000);
    const figures = await stopFrameProbe(page);
    const diagramAfter = await diagramStats(page);
    const diagram = {
      open: diagramOpen,
      drawsPerS: Math.round(((diagramAfter.draws - diagramBefore.draws) * 10_000) / figures.windowMs) / 10,
      mainThreadPercent: Math.round(((diagramAfter.busyMs - diagramBefore.busyMs) * 1_000) / figures.windowMs) / 10,
      arrows: await page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.diagram?.().arrows.length ?? 0),
    };
    const cpuPercent = cpu.stop();
    const loadAverage = load1();
    const metricsAfter = await pageMetrics(cdp);
    const mainThread = mainThreadShares(metricsBefore, metricsAfter, figures.windowMs);
    const heap = Math.round((metricsAfter.JSHeapUsedSize ?? 0) / 1048576);
    const memory = browserMemoryMiB();

    let profile: ProfileSummary | undefined;
    if (SETTINGS.profileS > 0) {
      await startProfile(cdp);
      await sleep(SETTINGS.profileS * 1_000);
      profile = await stopProfile(cdp, async (url) => chunkLabel(url, await (await fetch(url)).text().catch(() => '')));
    }

    // The traffic's own count once its run is over, then how soon the page shows the same.
    const generator = await traffic.finished();
    const stoppedAt = Date.now();
    let exactAfterMs: number | undefined;
    let sameAsHubAfterMs: number | undefined;
    let counted = { sent: 0, delivered: 0, failed: 0 };
    while (Date.now() - stoppedAt < 10_000 && (exactAfterMs === undefined || sameAsHubAfterMs === undefined)) {
      const now = (await pageCounters(page))!;
      counted = { sent: now.sent - before.sent, delivered: now.delivered - before.delivered, failed: now.failed - before.failed };
      if (exactAfterMs === undefined && counted.sent === generator.sent && counted.delivered === generator.delivered && counted.failed === generator.failed) {
        exactAfterMs = Date.now() - stoppedAt;
      }
      if (sameAsHubAfterMs === undefined && sameCounts(now, hub.counters)) sameAsHubAfterMs = Date.now() - stoppedAt;
      await sleep(20);
    }
    const hubCountedRun = {
      sent: hub.counters.sent - hubBefore.sent,
      delivered: hub.counters.delivered - hubBefore.delivered,
      failed: hub.counters.failed - hubBefore.failed,
    };
    const { seqs, notLive, ...frames } = figures;
    return {
      renderer,
      diagram,
      drawnWith,
      loadMs,
      frames,
      lagMs: lagBehindHub(sub.tally, seqs),
      disconnected: notLive.length > 0 || !sub.connected,
      jsHeapMiB: heap,
      mainThread,
      browserMemoryMiB: memory,
      generator,
      pageCountedRun: counted,
      exactAfterMs,
      sameAsHubAfterMs,
      hubCountedRun,
      cpuPercent,
      load1: loadAverage,
      quiet,
      ...(profile && { profile }),
    };
  } finally {
    await page.context().close();
  }
}

const diagramStats = (page: Page) => page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.diagramStats?.() ?? { draws: 0, busyMs: 0 });

/** Opens the space-time diagram's panel (as a person does, with its button) and waits for its first lifelines. */
async function openDiagram(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open the space-time diagram' }).click();
  await page.waitForFunction(() => ((globalThis as unknown as HookHost).__peerscope?.diagram?.().lifelines.length ?? 0) > 0, undefined, { timeout: 30_000 });
}

/** The runs of one renderer with the diagram closed and open, side by side: open keeps ≥ 90% of closed's frame rates (the goal). */
function diagramComparison(runs: RendererRun[]): string[] {
  const lines: string[] = [];
  for (const renderer of new Set(runs.map((r) => r.renderer))) {
    const mean = (open: boolean, pick: (r: RendererRun) => number) => {
      const chosen = runs.filter((r) => r.renderer === renderer && r.diagram.open === open);
      return chosen.length === 0 ? NaN : Math.round((chosen.reduce((sum, r) => sum + pick(r), 0) / chosen.length) * 10) / 10;
    };
    const [rafClosed, rafOpen] = [mean(false, (r) => r.frames.rafFps), mean(true, (r) => r.frames.rafFps)];
    const [graphClosed, graphOpen] = [mean(false, (r) => r.frames.graphFps), mean(true, (r) => r.frames.graphFps)];
    const ownShare = mean(true, (r) => r.diagram.mainThreadPercent);
    const met = rafOpen >= rafClosed * GOALS.diagramFpsShare && graphOpen >= graphClosed * GOALS.diagramFpsShare;
    const share = (open: number, closed: number) => `${Math.round((open / closed) * 1000) / 10}%`;
    lines.push(
      `  ${renderer}: diagram closed rAF ${rafClosed}/s, graph ${graphClosed}/s; open rAF ${rafOpen}/s (${share(rafOpen, rafClosed)}), graph ${graphOpen}/s (${share(graphOpen, graphClosed)}), the diagram's own code ${ownShare}% of the main thread; goal ≥ 90%: ${met ? 'met' : 'NOT met'}`,
    );
  }
  return lines;
}

async function launch(cleanup: Cleanup, load: Load): Promise<{ sys: LauncherSystem; joinS: number }> {
  const started = Date.now();
  // Pool nodes take ports from a fixed range; the system's own stay out of it and of the ephemeral one.
  const bootstrapPort = await freeFixedPort();
  let dashboardPort = await freeFixedPort();
  while (dashboardPort === bootstrapPort) dashboardPort = await freeFixedPort();
  const sys = await startLauncher(cleanup, {
    nodes: load.nodes,
    bootstrapPort,
    dashboardPort,
    timeoutMs: SETTINGS.joinTimeoutS * 1_000,
    env: { PEERSCOPE_RUNTIME: load.runtime, PEERSCOPE_NODE_LOG_LEVEL: 'warn' },
  });
  // A thousand nodes joining keep the bootstrap busy: a list that times out is asked for again.
  const deadline = Date.now() + SETTINGS.joinTimeoutS * 1_000;
  for (;;) {
    const alive = await aliveNodes(sys).catch(() => []);
    if (alive.filter((n) => n.kind === 'peerscope').length >= load.nodes) break;
    if (Date.now() > deadline) throw new Error(`only ${alive.length} of ${load.nodes} nodes alive after ${SETTINGS.joinTimeoutS} s`);
    await sleep(1_000);
  }
  return { sys, joinS: Math.round((Date.now() - started) / 100) / 10 };
}

function report(load: Load, run: RendererRun): string[] {
  const f = run.frames;
  const fpsMet = f.rafFps >= load.goalFps && f.graphFps >= load.goalFps;
  const p99Met = load.goalP99FrameMs === undefined || f.p99FrameMs <= load.goalP99FrameMs;
  const exact = run.exactAfterMs !== undefined && run.exactAfterMs <= SETTINGS.exactWithinMs;
  const diagram = run.diagram.open
    ? `, diagram open (${run.diagram.drawsPerS} draws/s, ${run.diagram.arrows} arrows, its code ${run.diagram.mainThreadPercent}% of the main thread)`
    : SETTINGS.diagram === 'closed'
      ? ''
      : ', diagram closed';
  const lines = [
    `  ${run.renderer}${diagram} (drawn with ${run.drawnWith}): page load ${run.loadMs} ms; rAF ${f.rafFps}/s, graph ${f.graphFps}/s (goal ≥ ${load.goalFps}: ${fpsMet ? 'met' : 'NOT met'})${f.nodeLayerFps === undefined ? '' : `, of which node layer ${f.nodeLayerFps}/s`}; frame p50 ${f.p50FrameMs} / p99 ${f.p99FrameMs} / worst ${f.worstFrameMs} ms${load.goalP99FrameMs ? ` (p99 goal ≤ ${load.goalP99FrameMs}: ${p99Met ? 'met' : 'NOT met'})` : ''}, ${f.longFrames} frames > 50 ms`,
    ...(f.draws
      ? [
          `    graph draws: node layer p50 ${f.draws.nodeLayer.p50} / p99 ${f.draws.nodeLayer.p99} / max ${f.draws.nodeLayer.max} ms, others p50 ${f.draws.other.p50} / p99 ${f.draws.other.p99} / max ${f.draws.other.max} ms; ${f.draws.longFramesWithNodeLayer} of the ${f.longFrames} long frames repainted the node layer`,
        ]
      : []),
    ...(f.longAnimationFrames && f.longAnimationFrames.count > 0
      ? [
          `    long animation frames (Chromium's): ${f.longAnimationFrames.count}, ${f.longAnimationFrames.totalMs} ms: scripts ${f.longAnimationFrames.scriptMs} ms, rendering ${f.longAnimationFrames.renderMs} ms; by invoker: ${f.longAnimationFrames.byInvoker.map((i) => `${i.invoker} ${i.ms} ms/${i.count}`).join('; ')}`,
        ]
      : []),
    `    behind the hub p50 ${run.lagMs.p50} / p99 ${run.lagMs.p99} / max ${run.lagMs.max} ms (goal ≤ ${GOALS.lagMs}: ${run.lagMs.max <= GOALS.lagMs ? 'met' : 'NOT met'}); ${run.disconnected ? 'DISCONNECTED' : 'stayed live'}; JS heap ${run.jsHeapMiB} MiB, renderer ${run.browserMemoryMiB.renderer} MiB, GPU process ${run.browserMemoryMiB.gpu} MiB (PSS)`,
    `    generator ${run.generator.sent} sent / ${run.generator.delivered} delivered / ${run.generator.failed} failed; page ${run.pageCountedRun.sent} / ${run.pageCountedRun.delivered} / ${run.pageCountedRun.failed}: ${exact ? `equal ${run.exactAfterMs} ms after the run ended (met)` : run.exactAfterMs !== undefined ? `equal after ${run.exactAfterMs} ms (NOT within 1 s)` : 'NOT equal within 10 s'}`,
    `    hub (what the nodes reported) ${run.hubCountedRun.sent} / ${run.hubCountedRun.delivered} / ${run.hubCountedRun.failed}; page's counters ${run.sameAsHubAfterMs === undefined ? "NOT equal to the hub's within 10 s" : `equal to the hub's ${run.sameAsHubAfterMs} ms after the run ended`}`,
    `    page main thread: busy ${run.mainThread.busy}% (script ${run.mainThread.script}%, style ${run.mainThread.style}%, layout ${run.mainThread.layout}%)`,
    `    CPU (% of a core): ${Object.entries(run.cpuPercent)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; load average ${run.load1}${run.quiet.quiet ? '' : ' (DISTURBED: other work was busy before the run)'}`,
  ];
  if (run.profile) {
    lines.push(
      `    page profile (${run.profile.totalMs} ms): ${run.profile.byScript
        .slice(0, 5)
        .map((s) => `${s.script} ${s.percent}%`)
        .join(', ')}`,
      ...run.profile.topFunctions.map((fn) => `      ${fn.percent}% ${fn.fn} (${fn.script} at ${fn.at})`),
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const m = machine();
  const sut = sutInfo();
  console.log(`ui-scale: ${machineLine(m)}; measuring ${JSON.stringify(sut)}`);
  const browsers = new Map<Renderer, Browser>();
  const browserFor = async (renderer: Renderer) => {
    if (!browsers.has(renderer)) browsers.set(renderer, await launchBrowser(cleanup, { webgl: renderer === 'webgl' }));
    return browsers.get(renderer)!;
  };
  const results: Array<{ load: Load; joinS: number; runs: RendererRun[]; loads: Record<string, PageLoad[]> }> = [];
  try {
    for (const key of SETTINGS.loads) {
      const named = LOADS[key];
      // BENCH_RUNTIME=pool: every load on the pool (100 process nodes may not boot on a busy 2-core machine).
      const load = named && process.env.BENCH_RUNTIME === 'pool' ? { ...named, runtime: 'pool' as const } : named;
      if (!load) throw new Error(`BENCH_LOADS: no load ${key} (known: ${Object.keys(LOADS).join(', ')})`);
      console.log(`\n${load.nodes} nodes (${load.runtime} runtime) + ${load.rate} msgs/s (${SETTINGS.source})`);
      // Each load's system is stopped before the next starts; the cleanup is for an error or Ctrl-C.
      const { sys, joinS } = await launch(cleanup, load);
      const sub = new CountingSubscriber(sys.dashboardUrl);
      const hub = new HubCounters(sub);
      try {
        console.log(`  all ${load.nodes} alive ${joinS} s after the launcher started`);
        await sub.start();
        const loadRuns: Record<string, PageLoad[]> = {};
        for (const renderer of SETTINGS.loadRepeats > 0 ? SETTINGS.renderers : []) {
          const quiet = await waitForQuiet(`${load.nodes} nodes, ${renderer} loads`);
          const loadBefore = load1();
          loadRuns[renderer] = await repeatedLoads(await browserFor(renderer), sys, renderer, load.nodes, SETTINGS.loadRepeats);
          for (const line of reportLoads(renderer, loadRuns[renderer])) console.log(line);
          console.log(
            `    load average ${loadBefore} before, ${load1()} after; other work ${quiet.otherPercent ?? '?'}% of a core before the loads${quiet.quiet ? '' : ' (DISTURBED)'}`,
          );
          if (SETTINGS.loadProfile)
            for (const line of reportProfiledLoad(await profiledLoad(await browserFor(renderer), sys.dashboardUrl, renderer, load.nodes))) console.log(line);
        }
        const runs: RendererRun[] = [];
        const traffic = SETTINGS.source === 'synthetic' ? await syntheticTraffic(sys) : generatorTraffic(sys);
        try {
          // Closed and open in turn, so a machine whose load drifts weighs on both alike.
          const variants =
            SETTINGS.diagram === 'compare' ? Array.from({ length: SETTINGS.diagramRounds }, () => [false, true]).flat() : [SETTINGS.diagram === 'open'];
          for (const renderer of SETTINGS.loadsOnly ? [] : SETTINGS.renderers) {
            for (const diagramOpen of variants) {
              const run = await measureRenderer(load, sys, sub, hub, await browserFor(renderer), renderer, traffic, diagramOpen);
              runs.push(run);
              for (const line of report(load, run)) console.log(line);
            }
          }
          if (SETTINGS.diagram === 'compare') for (const line of diagramComparison(runs)) console.log(line);
        } finally {
          await traffic.close();
        }
        results.push({ load, joinS, runs, loads: loadRuns });
      } finally {
        sub.close();
        const stopped = await sys.stop();
        if (stopped.launcherHung || stopped.leftovers.length > 0) console.error(`  the system did not stop cleanly: ${JSON.stringify(stopped)}`);
      }
    }
  } finally {
    await cleanup.run();
    const path = await writeResults('ui-scale', { machine: m, sut, settings: SETTINGS, goals: GOALS, results });
    console.log(`\nfull results: ${path}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
