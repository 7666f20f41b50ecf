// Benchmark: events per second the dashboard's hub ingests (`/ingest`) and delivers to two
// connected browsers (`/ui`), with the batches per second each browser receives, and whether
// every delta arrived exactly once and in order. Two sources of events:
//   nodes      10 real peerscope nodes (started here, with known control tokens) under random
//              traffic driven through their control APIs, reporting to the hub as usual;
//   traffic    the same nodes driven by the bootstrap's own traffic generator (`POST /api/traffic`,
//              1,000 msgs/s by default): what a message costs the nodes and the generator;
//   synthetic  several ingest clients (bench/support/ingest-producer.ts, own processes) replaying
//              valid message events as fast as the hub takes them: the hub's own ceiling;
//   paced      the same clients at a steady 20,000 events/s in total (the goal), in reports of
//              ~100 events, as a busy network would send them: do browsers keep up at that rate?
// and two kinds of subscribers, one after the other:
//   clients    two socket.io-client `/ui` subscribers in this process, counting exactly;
//   pages      two real Chromium pages (separate contexts) on the dashboard, counted from the
//              WebSocket frames Chromium received (exact too), and checked against the page's hook.
// BENCH_TRACE=compare: the synthetic and paced runs alternate the hub's trace recording on and off
// (the test hook's switch, `POST /api/trace/recording`), BENCH_TRACE_ROUNDS times, in one run: what
// recording costs the dashboard's process per event on the real ingest path.
// See bench/README.md, "Dashboard and runtimes".
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from '@playwright/test';
import { Pool } from 'undici';
import { Children, freePort, waitForMessage, waitUntil, type Child } from './lib/children.js';
import { launchBrowser, openDashboard, type HookHost } from './support/browser.js';
import { CpuWindow, descendants, load1, machine, machineLine, QUIET_OTHER_PERCENT, waitForQuiet } from './support/machine.js';
import { admin, Cleanup, envInt, repo, startLauncher, sut, sutInfo, waitForAlive, writeResults, type LauncherSystem } from './support/system.js';
import { chunkLabel, startProfile, stopProfile, type ProfileSummary } from './support/page-profile.js';
import { CountingSubscriber, percentiles, Tally, tallyFrame } from './support/tally.js';

const SETTINGS = {
  nodes: envInt('BENCH_NODES', 10),
  /**
   * `process` (default): the benchmark's own node processes, one each; `pool`: the bootstrap's pool
   * runtime runs them, all in one host process (the `traffic` source only: the runtime keeps the
   * nodes' control tokens, so the benchmark cannot drive them itself).
   */
  nodeRuntime: process.env.BENCH_NODE_RUNTIME === 'pool' ? ('pool' as const) : ('process' as const),
  durationMs: envInt('BENCH_DURATION_MS', 10_000),
  /** Control-API sends in flight at once, over all nodes (source `nodes`). */
  concurrency: envInt('BENCH_CONCURRENCY', 48),
  producers: envInt('BENCH_PRODUCERS', 3),
  /** Events per synthetic report (a busy node's reporter sends a few dozen to a few hundred). */
  reportSize: envInt('BENCH_REPORT_SIZE', 99),
  /** Synthetic producers pause when this many events are produced but not yet at every subscriber. */
  maxBacklog: envInt('BENCH_MAX_BACKLOG', 30_000),
  maxEventsPerRun: 2_000_000,
  /** After the producers stop: how long the subscribers may take to get the rest. */
  drainTimeoutMs: 20_000,
  /**
   * `full` (default): each synthetic message is sent + received + delivered, so pages animate it;
   * `no-outcome`: sent + received only, nothing to animate (to tell animation cost from the rest).
   */
  syntheticMix: process.env.BENCH_SYNTHETIC_MIX === 'no-outcome' ? 'no-outcome' : 'full',
  /** Events per second in total for the `paced` source. */
  pacedRate: envInt('BENCH_PACED_RATE', 20_000),
  /** Messages per second the bootstrap's traffic generator is asked for (source `traffic`; its most is 1,000). */
  trafficRate: envInt('BENCH_TRAFFIC_RATE', 1_000),
  /**
   * Instead of a rate: this many messages as fast as they go (the generator's `count` mode, 128 in
   * flight), so the nodes run flat out and every wake-up carries several messages.
   */
  trafficCount: envInt('BENCH_TRAFFIC_COUNT', 0),
  /** Before a run of real messages: how long the nodes and the bootstrap are measured idle, to tell their idle work apart. */
  idleMs: envInt('BENCH_IDLE_MS', 3_000),
  sources: (process.env.BENCH_SOURCES ?? 'nodes,traffic,synthetic,paced').split(',') as Source[],
  subscribers: (process.env.BENCH_SUBSCRIBERS ?? 'clients,pages').split(',') as SubscriberKind[],
  /** `compare`: synthetic and paced runs alternate the trace on and off (see the top of this file). */
  traceCompare: process.env.BENCH_TRACE === 'compare',
  traceRounds: envInt('BENCH_TRACE_ROUNDS', 4),
};
const GOALS = { eventsPerSecond: 20_000, maxBatchesPerSecond: 20 };

type Source = 'nodes' | 'traffic' | 'synthetic' | 'paced';

/** The pool runtime's host processes, among the launcher's. */
const POOL_HOST = /apps\/node\/dist\//;
type SubscriberKind = 'clients' | 'pages';

interface OwnNode {
  id: string;
  url: string;
  token: string;
  child: Child;
}

interface Subscriber {
  name: string;
  tally: Tally;
  /** For pages: the page, to read its hook at the end. */
  page?: Page;
  /** For pages: Chromium's main-thread counters (CDP Performance.getMetrics), in seconds. */
  metrics?: () => Promise<Record<string, number>>;
  cdp?: import('@playwright/test').CDPSession;
  close(): Promise<void>;
}

// --- the system ---------------------------------------------------------------------------------

async function startOwnNodes(children: Children, sys: LauncherSystem, count: number): Promise<OwnNode[]> {
  const nodes = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const port = await freePort();
      const token = `bench-control-${randomBytes(12).toString('hex')}`;
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS')) as Record<string, string>;
      const child = children.fork(`node ${i + 1}`, sut('apps/node/dist/main.js'), {
        env: {
          ...env,
          BOOTSTRAP_URL: sys.bootstrapUrl,
          HOST: '127.0.0.1',
          PORT: String(port),
          PEERSCOPE_CONTROL_TOKEN: token,
          PEERSCOPE_HUB_URL: sys.dashboardUrl,
          PEERSCOPE_CLUSTER_TOKEN: sys.clusterToken,
          LOG_LEVEL: 'warn',
        },
      });
      const url = `http://127.0.0.1:${port}`;
      const id = await waitUntil(
        child,
        'registration',
        async () => {
          const answer = (await (await fetch(url)).json()) as { id: string | null };
          return answer.id ?? undefined;
        },
        60_000,
      );
      return { id, url, token, child };
    }),
  );
  return nodes;
}

async function openSubscribers(
  kind: SubscriberKind,
  sys: LauncherSystem,
  browser: () => Promise<import('@playwright/test').Browser>,
  nodes: number,
): Promise<Subscriber[]> {
  if (kind === 'clients') {
    return Promise.all(
      [1, 2].map(async (i) => {
        const sub = new CountingSubscriber(sys.dashboardUrl);
        await sub.start();
        return { name: `client ${i}`, tally: sub.tally, close: async () => sub.close() };
      }),
    );
  }
  const b = await browser();
  return Promise.all(
    [1, 2].map(async (i) => {
      const tally = new Tally();
      const page = await openDashboard(b, sys.dashboardUrl, nodes, (p) => {
        p.on('websocket', (ws) => {
          if (!ws.url().includes('/socket.io/')) return;
          ws.on('framereceived', ({ payload }) => tallyFrame(tally, payload));
        });
      });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      return { name: `page ${i}`, tally, page, metrics, cdp, close: () => page.context().close() };
    }),
  );
}

// --- the sources ----------------------------------------------------------------------------------

interface SourceRun {
  /** Events the source produced (synthetic) or should have caused (nodes: 3 per delivered message). */
  expectedEvents: number;
  detail: Record<string, unknown>;
}

async function driveNodes(nodes: OwnNode[], durationMs: number): Promise<SourceRun> {
  const pools = new Map(nodes.map((n) => [n.id, new Pool(n.url, { connections: SETTINGS.concurrency })]));
  const until = performance.now() + durationMs;
  let delivered = 0;
  let failed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const worker = async () => {
    while (performance.now() < until) {
      const from = nodes[Math.floor(Math.random() * nodes.length)]!;
      let to = from;
      while (to === from) to = nodes[Math.floor(Math.random() * nodes.length)]!;
      const started = performance.now();
      try {
        const { statusCode, body } = await pools.get(from.id)!.request({
          path: '/control/send',
          method: 'POST',
          headers: { authorization: `Bearer ${from.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ to: to.id, text: 'bench traffic' }),
        });
        const answer = (await body.json()) as { status?: string };
        if (statusCode === 200 && answer.status === 'delivered') delivered += 1;
        else if (statusCode === 200) failed += 1;
        else {
          errors += 1;
          firstError ??= `HTTP ${statusCode}`;
        }
        latencies.push(performance.now() - started);
      } catch (err) {
        errors += 1;
        firstError ??= (err as Error).message;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: SETTINGS.concurrency }, worker));
  } finally {
    await Promise.all([...pools.values()].map((p) => p.destroy()));
  }
  return {
    // A delivered message is sent + received + delivered; a failed one at least sent + failed.
    expectedEvents: 3 * delivered + 2 * failed,
    detail: {
      sends: delivered + failed,
      delivered,
      failed,
      errors,
      firstError,
      sendsPerSecond: Math.round(((delivered + failed) / durationMs) * 1_000),
      sendLatencyMs: percentiles(latencies),
    },
  };
}

/** The bootstrap's traffic generator at `rate` msgs/s for the run (or `count` flat out); the counts are its own. */
async function driveTraffic(sys: LauncherSystem, durationMs: number): Promise<SourceRun> {
  const durationS = Math.max(1, Math.round(durationMs / 1_000));
  const started = Date.now();
  await admin(sys, 'POST', '/traffic', SETTINGS.trafficCount > 0 ? { count: SETTINGS.trafficCount } : { rate: SETTINGS.trafficRate, durationS });
  const deadline = Date.now() + durationMs + 30_000;
  let status: { running: boolean; sent: number; delivered: number; failed: number };
  do {
    await sleep(200);
    status = await admin(sys, 'GET', '/traffic');
  } while (status.running && Date.now() < deadline);
  if (status.running) throw new Error(`the traffic run had not ended ${durationMs + 30_000} ms after it started`);
  const { sent, delivered, failed } = status;
  return {
    expectedEvents: 3 * delivered + 2 * failed,
    detail: {
      sends: sent,
      delivered,
      failed,
      errors: sent - delivered - failed,
      offeredPerSecond: SETTINGS.trafficCount > 0 ? 'as fast as they go' : SETTINGS.trafficRate,
      // A count run lasts as long as it takes; a rate run, its duration.
      sendsPerSecond: Math.round(sent / (SETTINGS.trafficCount > 0 ? (Date.now() - started) / 1_000 : durationS)),
    },
  };
}

/**
 * CPU per message, in µs, of the nodes and of the bootstrap (the traffic generator, when it drives
 * the run): as measured, and net of what they used idle just before (heartbeats, sweeps, telemetry).
 */
function cpuPerMessage(cpu: Record<string, number>, idle: Record<string, number>, windowS: number, messages: number) {
  const perMessage = (percent: number) => Math.round(((percent / 100) * windowS * 1e6) / Math.max(1, messages));
  const of = (group: 'nodes' | 'bootstrap') => ({
    measured: perMessage(cpu[group] ?? 0),
    netOfIdle: perMessage(Math.max(0, (cpu[group] ?? 0) - (idle[group] ?? 0))),
    idlePercent: idle[group] ?? 0,
  });
  return { nodes: of('nodes'), bootstrap: of('bootstrap') };
}

async function driveSynthetic(
  producers: Child[],
  durationMs: number,
  ratePerSecond: number | undefined,
  backlog: () => number,
  onProgress: (produced: number) => void,
): Promise<SourceRun> {
  const produced = new Map<Child, number>();
  const onMessage = (child: Child) => (message: { type: string; produced?: number }) => {
    if (message.type === 'progress' || message.type === 'done') {
      produced.set(child, message.produced ?? 0);
      onProgress([...produced.values()].reduce((a, b) => a + b, 0));
    }
  };
  const listeners = producers.map((p) => {
    const listener = onMessage(p);
    p.process.on('message', listener);
    return listener;
  });
  let paused = false;
  let pauses = 0;
  const pacer = setInterval(() => {
    const b = backlog();
    if (!paused && b > SETTINGS.maxBacklog) {
      paused = true;
      pauses += 1;
      for (const p of producers) p.process.send({ type: 'pause' });
    } else if (paused && b < SETTINGS.maxBacklog / 2) {
      paused = false;
      for (const p of producers) p.process.send({ type: 'resume' });
    }
  }, 10);
  try {
    const done = producers.map((p) => waitForMessage<{ type: 'done'; produced: number }>(p, 'done', durationMs + 30_000));
    const maxEvents = Math.floor(SETTINGS.maxEventsPerRun / producers.length);
    const rate = ratePerSecond === undefined ? {} : { ratePerSecond: ratePerSecond / producers.length };
    for (const p of producers) p.process.send({ type: 'go', durationMs, maxEvents, ...rate });
    const results = await Promise.all(done);
    const total = results.reduce((a, r) => a + r.produced, 0);
    return { expectedEvents: total, detail: { produced: total, perProducer: results.map((r) => r.produced), pausesForBacklog: pauses } };
  } finally {
    clearInterval(pacer);
    for (const p of producers) p.process.send({ type: 'resume' });
    producers.forEach((p, i) => p.process.off('message', listeners[i]!));
  }
}

/**
 * Where each page's main thread went during the run, from Chromium's own counters: busy (all
 * tasks), script, style and layout, in % of the run; plus the JS heap at the end.
 */
function pageMetrics(subs: Subscriber[], before: Array<Record<string, number> | undefined>, after: Array<Record<string, number> | undefined>, windowS: number) {
  return subs.flatMap((s, i) => {
    const a = before[i];
    const b = after[i];
    if (!a || !b) return [];
    const share = (key: string) => Math.round((((b[key] ?? 0) - (a[key] ?? 0)) / windowS) * 100);
    return [
      {
        name: s.name,
        busyPercent: share('TaskDuration'),
        scriptPercent: share('ScriptDuration'),
        stylePercent: share('RecalcStyleDuration'),
        layoutPercent: share('LayoutDuration'),
        jsHeapMiB: Math.round((b.JSHeapUsedSize ?? 0) / 1048576),
      },
    ];
  });
}

// --- one run ------------------------------------------------------------------------------------

async function measure(
  source: Source,
  kind: SubscriberKind,
  ctx: { sys: LauncherSystem; nodes: OwnNode[]; producers: Child[]; browser: () => Promise<import('@playwright/test').Browser>; children: Children },
  trace?: boolean,
) {
  const subs = await openSubscribers(kind, ctx.sys, ctx.browser, SETTINGS.nodes);
  try {
    await sleep(1_000);
    const quiet = await waitForQuiet(`${source} → ${kind}`);
    const seqStart = Math.max(...subs.map((s) => s.tally.lastSeq));
    const cpu = new CpuWindow(() => {
      const launcherTree = new Set([ctx.sys.pid, ...descendants(ctx.sys.pid)]);
      const ownNodes = new Set(ctx.children.pids());
      const producerPids = new Set(ctx.producers.map((p) => p.process.pid!));
      return {
        dashboard: ctx.sys.pidsMatching(/apps\/dashboard/),
        bootstrap: ctx.sys.pidsMatching(/apps\/bootstrap/),
        nodes: SETTINGS.nodeRuntime === 'pool' ? ctx.sys.pidsMatching(POOL_HOST) : ctx.nodes.map((n) => n.child.process.pid!),
        producers: [...producerPids],
        chromium: descendants(process.pid).filter((p) => !launcherTree.has(p) && !ownNodes.has(p)),
        bench: [process.pid],
      };
    });
    const metricsBefore = await Promise.all(subs.map((s) => s.metrics?.()));
    // Where page 1's JavaScript time goes, at the goal's rate (a sampling profile costs a little).
    const profiled = source === 'paced' && kind === 'pages' && process.env.BENCH_PAGE_PROFILE !== '0' ? subs[0]!.cdp : undefined;
    if (profiled) await startProfile(profiled);
    // Real messages: first what the nodes and the bootstrap use doing nothing, to set beside the run.
    let idleCpu: Record<string, number> = {};
    if (source === 'nodes' || source === 'traffic') {
      cpu.start();
      await sleep(SETTINGS.idleMs);
      idleCpu = cpu.stop();
    }
    const loadBefore = load1();
    const recorderBefore = trace === undefined ? undefined : await recordingState(ctx.sys.dashboardUrl);
    cpu.start();
    const tStart = Date.now();
    let producedSoFar = 0;
    const minSeq = () => Math.min(...subs.map((s) => s.tally.lastSeq));
    const run =
      source === 'nodes'
        ? await driveNodes(ctx.nodes, SETTINGS.durationMs)
        : source === 'traffic'
          ? await driveTraffic(ctx.sys, SETTINGS.durationMs)
          : await driveSynthetic(
              ctx.producers,
              SETTINGS.durationMs,
              source === 'paced' ? SETTINGS.pacedRate : undefined,
              () => seqStart + producedSoFar - minSeq(),
              (p) => {
                producedSoFar = p;
              },
            );
    const tStop = Date.now();
    const cpuUse = cpu.stop();
    const recorderAfter = recorderBefore && (await recordingState(ctx.sys.dashboardUrl));
    const metricsAfter = await Promise.all(subs.map((s) => s.metrics?.()));
    let profile: ProfileSummary | undefined;
    if (profiled) {
      profile = await stopProfile(profiled, async (url) => chunkLabel(url, await (await fetch(url)).text().catch(() => '')));
    }
    const loadAfter = load1();

    // Drain: wait until no subscriber has received anything for a while.
    // Drain: until every subscriber has the same last delta, at least what the source caused, and
    // nothing new came for a moment (or the drain times out, which the figures then show).
    const drainDeadline = Date.now() + SETTINGS.drainTimeoutMs;
    const lastArrival = () => Math.max(...subs.map((s) => s.tally.batches.at(-1)?.at ?? 0));
    const settled = () => {
      const seqs = subs.map((s) => s.tally.lastSeq);
      return seqs.every((q) => q === seqs[0]) && seqs[0]! >= seqStart + run.expectedEvents && Date.now() - lastArrival() >= 500;
    };
    while (Date.now() < drainDeadline && !settled()) await sleep(50);
    const drainedMs = Date.now() - tStop;
    const seqEnd = Math.max(...subs.map((s) => s.tally.lastSeq));
    const ingested = seqEnd - seqStart;
    const windowS = (tStop - tStart) / 1_000;

    const perSubscriber = await Promise.all(
      subs.map(async (s) => {
        const t = s.tally;
        const inRun = t.batches.filter((b) => b.last > seqStart);
        const deltas = inRun.reduce((a, b) => a + b.deltas, 0);
        const lastAt = inRun.at(-1)?.at ?? tStop;
        const during = t.within(tStart, tStop);
        const hookSeq = s.page ? await s.page.evaluate(() => (globalThis as unknown as HookHost).__peerscope?.seq() ?? -1) : undefined;
        return {
          name: s.name,
          deltas,
          batches: inRun.length,
          deliveredPerSecond: Math.round(deltas / ((lastAt - tStart) / 1_000)),
          deltasPerSecondDuringRun: Math.round(during.deltas / windowS),
          batchesPerSecond: Math.round((during.batches / windowS) * 10) / 10,
          maxBatchesInAnySecond: t.maxBatchesPerSecond(tStart, tStop),
          // The hub flushes at most every 50 ms: closer arrivals were bunched on the way or by the observer.
          gapsUnder40Ms: t.gaps(tStart, tStop).filter((g) => g < 40).length,
          minGapMs: Math.min(...t.gaps(tStart, tStop)),
          meanBatchSize: Math.round(deltas / Math.max(1, inRun.length)),
          lastDeltaAfterStopMs: lastAt - tStop,
          duplicates: t.duplicates,
          missing: t.missing,
          snapshots: t.snapshots,
          lastSeq: t.lastSeq,
          exactlyOnceInOrder: t.duplicates === 0 && t.missing === 0 && t.lastSeq === seqEnd,
          ...(hookSeq !== undefined && { pageAppliedSeq: hookSeq }),
        };
      }),
    );
    const delivered = Math.min(...perSubscriber.map((p) => p.deliveredPerSecond));
    const dashboardCpuUs = ((cpuUse.dashboard ?? 0) / 100) * windowS * 1e6;
    // The recorder's own CPU time over the dashboard process's: recording's share, measured inside.
    const recorderMs = recorderBefore && recorderAfter ? recorderAfter.cpuMs - recorderBefore.cpuMs : undefined;
    const result = {
      source,
      subscribers: kind,
      ...(trace !== undefined && {
        trace,
        dashboardCpuUsPerEvent: Number((dashboardCpuUs / Math.max(1, ingested)).toFixed(2)),
        recorderMs,
        recorderPercentOfDashboard: Number(((((recorderMs ?? 0) * 1e3) / Math.max(1, dashboardCpuUs)) * 100).toFixed(2)),
      }),
      load1: { before: loadBefore, after: loadAfter },
      quietCheck: quiet,
      disturbed: (cpuUse.other ?? 0) >= QUIET_OTHER_PERCENT,
      cpuPercentOfOneCore: cpuUse,
      windowS,
      ...run.detail,
      expectedEvents: run.expectedEvents,
      // What one message costs the nodes (sender: control call, send, telemetry; receiver: receive, telemetry).
      ...((source === 'nodes' || source === 'traffic') && {
        idleCpuPercentOfOneCore: idleCpu,
        cpuUsPerMessage: cpuPerMessage(cpuUse, idleCpu, windowS, Number(run.detail.sends)),
      }),
      ingestedEvents: ingested,
      ingestedPerSecond: Math.round(ingested / windowS),
      drainedMs,
      pageMainThread: pageMetrics(subs, metricsBefore, metricsAfter, windowS),
      ...(profile && { page1Profile: profile }),
      perSubscriber,
      goals: {
        // A paced run offers exactly the goal's rate: it meets the goal when every subscriber kept up with it
        // (never 30,000 events behind, and at least 97% of it delivered within the run plus the last batch).
        eventsPerSecond:
          source === 'paced'
            ? {
                goal: SETTINGS.pacedRate,
                value: delivered,
                met: run.detail.pausesForBacklog === 0 && delivered >= 0.97 * SETTINGS.pacedRate,
                keptUp: run.detail.pausesForBacklog === 0,
              }
            : { goal: GOALS.eventsPerSecond, value: delivered, met: delivered >= GOALS.eventsPerSecond },
        // Judged on the mean over the run; the busiest 1-second window is reported beside it.
        batchesPerSecond: {
          goal: GOALS.maxBatchesPerSecond,
          value: Math.max(...perSubscriber.map((p) => p.batchesPerSecond)),
          maxInAnySecond: Math.max(...perSubscriber.map((p) => p.maxBatchesInAnySecond)),
          met: perSubscriber.every((p) => p.batchesPerSecond <= GOALS.maxBatchesPerSecond),
        },
        exactlyOnceInOrder: perSubscriber.every((p) => p.exactlyOnceInOrder),
      },
    };
    printRun(result);
    return result;
  } finally {
    for (const s of subs) await s.close();
  }
}

function printRun(r: any): void {
  console.log(
    `\n[${r.source} → 2 ${r.subscribers}${r.trace === undefined ? '' : `, trace ${r.trace ? 'on' : 'off'}: dashboard ${r.dashboardCpuUsPerEvent} µs/event, recorder ${r.recorderMs.toFixed(1)} ms = ${r.recorderPercentOfDashboard}% of it`}] ${r.windowS} s, load ${r.load1.before} → ${r.load1.after}, CPU % of one core ${JSON.stringify(r.cpuPercentOfOneCore)}`,
  );
  if (r.source === 'nodes' || r.source === 'traffic') {
    const latency = r.sendLatencyMs
      ? `; send p50 ${r.sendLatencyMs.p50} ms p99 ${r.sendLatencyMs.p99} ms`
      : typeof r.offeredPerSecond === 'number'
        ? ` (${r.offeredPerSecond}/s asked of the generator)`
        : ` (${r.offeredPerSecond}, asked of the generator)`;
    console.log(
      `  sends: ${r.sends} (${r.sendsPerSecond}/s), delivered ${r.delivered}, failed ${r.failed}, errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}${latency}`,
    );
    const c = r.cpuUsPerMessage;
    console.log(
      `  CPU per message: nodes ${c.nodes.measured} µs (${c.nodes.netOfIdle} µs net of their idle ${c.nodes.idlePercent}% of a core), ` +
        `bootstrap${r.source === 'traffic' ? ' (the generator)' : ''} ${c.bootstrap.measured} µs (${c.bootstrap.netOfIdle} µs net of idle ${c.bootstrap.idlePercent}%)`,
    );
  } else console.log(`  produced: ${r.produced} events (${JSON.stringify(r.perProducer)}), paused for backlog ${r.pausesForBacklog}×`);
  console.log(
    `  hub ingested ${r.ingestedEvents} events (${r.ingestedPerSecond}/s over the run; expected ≥ ${r.expectedEvents}); all subscribers had everything ${r.drainedMs} ms after the stop`,
  );
  for (const p of r.pageMainThread) {
    console.log(
      `  ${p.name} main thread: busy ${p.busyPercent}% of the run (script ${p.scriptPercent}%, style ${p.stylePercent}%, layout ${p.layoutPercent}%), JS heap ${p.jsHeapMiB} MiB`,
    );
  }
  if (r.page1Profile) {
    const p = r.page1Profile as ProfileSummary;
    console.log(
      `  page 1 JS profile (${p.totalMs} ms sampled), self time by script: ${p.byScript
        .slice(0, 6)
        .map((x) => `${x.script} ${x.percent}%`)
        .join(', ')}`,
    );
    console.log(
      `    top functions: ${p.topFunctions
        .slice(0, 8)
        .map((f) => `${f.fn} (${f.script.split(' ')[0]}) ${f.percent}%`)
        .join(', ')}`,
    );
  }
  for (const s of r.perSubscriber) {
    console.log(
      `  ${s.name.padEnd(9)} ${String(s.deliveredPerSecond).padStart(6)} events/s delivered, ${s.batchesPerSecond} batches/s (max ${s.maxBatchesInAnySecond} in 1 s), ` +
        `${s.meanBatchSize} per batch, ${s.gapsUnder40Ms} gaps < 40 ms (min ${s.minGapMs}), last ${s.lastDeltaAfterStopMs} ms after stop, dup ${s.duplicates}, missing ${s.missing}, ` +
        `exactly once in order: ${s.exactlyOnceInOrder}${s.pageAppliedSeq !== undefined ? `, page applied up to seq ${s.pageAppliedSeq} of ${s.lastSeq}` : ''}`,
    );
  }
}

// --- recording on and off (BENCH_TRACE=compare) ------------------------------------------------

/** The recorder's state in the dashboard's process: whether it records, and its CPU ms so far. */
async function recordingState(dashboardUrl: string): Promise<{ recording: boolean; cpuMs: number }> {
  const response = await fetch(`${dashboardUrl}/api/trace/recording`, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET /api/trace/recording answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { recording: boolean; cpuMs: number };
}

/** The test hook's switch: stops or restarts the live trace in the dashboard's process. */
async function setRecording(dashboardUrl: string, recording: boolean): Promise<void> {
  const response = await fetch(`${dashboardUrl}/api/trace/recording`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ recording }),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as { recording?: boolean };
  if (!response.ok || answer.recording !== recording) throw new Error(`POST /api/trace/recording answered ${response.status}: ${JSON.stringify(answer)}`);
}

type TraceRun = {
  source: string;
  subscribers: string;
  round?: number;
  trace?: boolean;
  dashboardCpuUsPerEvent?: number;
  recorderPercentOfDashboard?: number;
  cpuPercentOfOneCore: Record<string, number>;
};

/**
 * Per source and subscribers: the dashboard's CPU per ingested event with recording on and off
 * (medians), and what recording added round by round (each round's two runs ran back to back).
 */
function recordingCost(runs: TraceRun[]) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const groups = new Map<string, TraceRun[]>();
  for (const r of runs.filter((r) => r.trace !== undefined))
    groups.set(`${r.source} → ${r.subscribers}`, [...(groups.get(`${r.source} → ${r.subscribers}`) ?? []), r]);
  return [...groups].map(([name, group]) => {
    const side = (trace: boolean) => {
      const chosen = group.filter((r) => r.trace === trace);
      return {
        dashboardCpuUsPerEvent: median(chosen.map((r) => r.dashboardCpuUsPerEvent!)),
        dashboardCpuPercent: median(chosen.map((r) => r.cpuPercentOfOneCore.dashboard ?? 0)),
      };
    };
    const on = side(true);
    const off = side(false);
    const rounds = [...new Set(group.map((r) => r.round!))].map((round) => {
      const a = group.find((r) => r.round === round && r.trace)!;
      const b = group.find((r) => r.round === round && !r.trace)!;
      return Math.round((a.dashboardCpuUsPerEvent! / b.dashboardCpuUsPerEvent! - 1) * 100);
    });
    const inside = group.filter((r) => r.trace).map((r) => r.recorderPercentOfDashboard!);
    return {
      name,
      on,
      off,
      recorderPercentInside: { median: median(inside), each: inside },
      addedPercent: Math.round((on.dashboardCpuUsPerEvent / off.dashboardCpuUsPerEvent - 1) * 100),
      roundByRound: rounds,
      medianOfRounds: median(rounds),
    };
  });
}

function printRecordingCost(cost: ReturnType<typeof recordingCost>): void {
  console.log('\nrecording the trace, on vs off (dashboard process CPU per ingested event; goal: ≤ 5% more at paced 20,000/s):');
  for (const c of cost) {
    console.log(
      `  ${c.name.padEnd(22)} on ${c.on.dashboardCpuUsPerEvent} µs (${c.on.dashboardCpuPercent}% of a core), off ${c.off.dashboardCpuUsPerEvent} µs (${c.off.dashboardCpuPercent}%): ` +
        `+${c.addedPercent}% by the medians; round by round ${c.roundByRound.map((x) => `${x > 0 ? '+' : ''}${x}%`).join(', ')} (median ${c.medianOfRounds}%); ` +
        `the recorder's own CPU time ${c.recorderPercentInside.median}% of the dashboard's CPU (each on window: ${c.recorderPercentInside.each.join(', ')})`,
    );
  }
}

// --- main -----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const children = new Children();
  cleanup.add('stop our nodes and producers', () => children.stopAll());
  const m = machine();
  console.log(`hub-throughput: ${machineLine(m)}; measuring ${JSON.stringify(sutInfo())}`);
  try {
    // BENCH_CPU_PROF profiles this benchmark's own nodes (bench/lib/children.ts); Node refuses
    // --cpu-prof in NODE_OPTIONS, so the launcher's processes are not profiled.
    const pooled = SETTINGS.nodeRuntime === 'pool';
    if (pooled && SETTINGS.sources.includes('nodes'))
      throw new Error('BENCH_NODE_RUNTIME=pool drives the nodes with the traffic generator only: leave `nodes` out of BENCH_SOURCES');
    const sys = await startLauncher(cleanup, pooled ? { nodes: SETTINGS.nodes, env: { PEERSCOPE_RUNTIME: 'pool' } } : { nodes: 0 });
    if (pooled) await waitForAlive(sys, SETTINGS.nodes, 60_000);
    // Registered last, so it runs first: our nodes stop before the launcher's bootstrap.
    const nodes = pooled ? [] : await startOwnNodes(children, sys, SETTINGS.nodes);
    cleanup.add('stop our nodes and producers (before the launcher)', () => children.stopAll());
    console.log(
      pooled
        ? `${SETTINGS.nodes} pooled nodes alive in ${sys.pidsMatching(POOL_HOST).length} host process(es)`
        : `${nodes.length} nodes registered: ${nodes.map((n) => n.id).join(', ')}`,
    );

    const producers = SETTINGS.sources.some((s) => s === 'synthetic' || s === 'paced')
      ? await Promise.all(
          Array.from({ length: SETTINGS.producers }, async (_, i) => {
            const child = children.fork(`producer ${i + 1}`, repo('bench/support/ingest-producer.ts'), {
              execArgv: ['--import', 'tsx'],
              env: {
                PRODUCER_HUB_URL: sys.dashboardUrl,
                PRODUCER_TOKEN: sys.clusterToken,
                PRODUCER_SOURCE: `bench-producer-${i + 1}`,
                PRODUCER_NODE_IDS: nodes.map((n) => n.id).join(','),
                PRODUCER_REPORT_SIZE: String(SETTINGS.reportSize),
                PRODUCER_MIX: SETTINGS.syntheticMix,
              },
            });
            await waitForMessage(child, 'ready', 30_000);
            return child;
          }),
        )
      : [];

    let browser: import('@playwright/test').Browser | undefined;
    const getBrowser = async () => (browser ??= await launchBrowser(cleanup));

    const runs = [];
    const ctx = { sys, nodes, producers, browser: getBrowser, children };
    for (const source of SETTINGS.sources) {
      for (const kind of SETTINGS.subscribers) {
        if (SETTINGS.traceCompare && (source === 'synthetic' || source === 'paced')) {
          // On then off in odd rounds, off then on in even ones: load that drifts weighs on both.
          for (let round = 1; round <= SETTINGS.traceRounds; round++) {
            for (const trace of round % 2 === 1 ? [true, false] : [false, true]) {
              await setRecording(sys.dashboardUrl, trace);
              runs.push({ round, ...(await measure(source, kind, ctx, trace)) });
              await sleep(1_000);
            }
          }
          await setRecording(sys.dashboardUrl, true);
          continue;
        }
        runs.push(await measure(source, kind, ctx));
        await sleep(1_000);
      }
    }
    const traceCost = SETTINGS.traceCompare ? recordingCost(runs) : undefined;
    const path = await writeResults('hub-throughput', {
      benchmark: 'hub-throughput',
      machine: m,
      measured: sutInfo(),
      settings: SETTINGS,
      goals: GOALS,
      runs,
      ...(traceCost && { traceCost }),
    });
    console.log(`\ngoals: ≥ ${GOALS.eventsPerSecond} events/s delivered to each of two browsers, ≤ ${GOALS.maxBatchesPerSecond} batches/s per browser`);
    for (const r of runs) {
      console.log(
        `  ${`${r.source} → ${r.subscribers}`.padEnd(22)} ${String(r.goals.eventsPerSecond.value).padStart(6)} events/s${r.source === 'paced' ? ` of ${SETTINGS.pacedRate} offered` : ''}: ${r.goals.eventsPerSecond.met ? 'met' : 'NOT met'}; ` +
          `${r.goals.batchesPerSecond.value} batches/s (busiest second ${r.goals.batchesPerSecond.maxInAnySecond}): ${r.goals.batchesPerSecond.met ? 'met' : 'NOT met'}; exactly once in order: ${r.goals.exactlyOnceInOrder}; load ${r.load1.before}, other ${r.cpuPercentOfOneCore.other}%`,
      );
    }
    if (traceCost) printRecordingCost(traceCost);
    const disturbed = runs.filter((r) => r.disturbed).map((r) => `${r.source} → ${r.subscribers} (other ${r.cpuPercentOfOneCore.other}%)`);
    if (disturbed.length > 0) console.log(`warning: other work disturbed ${disturbed.join(', ')}; rerun on a quiet machine`);
    console.log(`details: ${path}`);
  } finally {
    await cleanup.run();
  }
}

await main();
