// Benchmark: from a click-equivalent send (POST /api/messages on the bootstrap) to the moment a
// real Chromium page on the dashboard first draws that message's animation. 20 nodes, one page,
// one message at a time with a short gap so the page animates each one (no aggregation).
// See bench/README.md, "Dashboard and runtimes".
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeReports, INGEST_NAMESPACE, type Delta } from '@peerscope/protocol';
import { io } from 'socket.io-client';
import { launchBrowser, openDashboard, pageClockSkewMs, type HookHost } from './support/browser.js';
import { cmdline, CpuWindow, descendants, load1, machine, machineLine, QUIET_OTHER_PERCENT, waitForQuiet } from './support/machine.js';
import { Cleanup, envInt, startLauncher, sutInfo, waitForAlive, writeResults } from './support/system.js';
import { CountingSubscriber, percentiles } from './support/tally.js';

const SETTINGS = {
  nodes: envInt('BENCH_NODES', 20),
  sends: envInt('BENCH_SENDS', 240),
  warmup: envInt('BENCH_WARMUP', 10),
  /** Pause after each message's animation started, before the next send. */
  gapMs: envInt('BENCH_GAP_MS', 50),
  animationTimeoutMs: 5_000,
  /** Single events sent straight to the hub's /ingest, to time the hub's batching alone. */
  probes: envInt('BENCH_PROBES', 40),
  /** A window with no sends before the run: what the page and the system cost while nothing happens. */
  idleMs: envInt('BENCH_IDLE_MS', 3_000),
};
/** Issue 11: click to animation stays instant. */
const GOALS = { p50Ms: 20, p99Ms: 50 };

interface Sample {
  id: string;
  from: string;
  to: string;
  /** Date.now() just before the POST. */
  t0: number;
  postMs: number;
  status: string;
  /** The node's `message:delivered` stamp (its Date.now()). */
  deliveredAt?: number;
  /** The sender's own time from its `message:sent` to the outcome (the event's latencyMs): what animating at the send would save. */
  sentToOutcomeMs?: number;
  /** When this process's own /ui subscriber got the delta. */
  hubAt?: number;
  /** When the page first drew the message (hook `animations[id]`; builds before this bench's change stamp the animation's start, a frame before it is drawn). */
  animAt?: number;
}

async function main(): Promise<void> {
  const cleanup = new Cleanup();
  const m = machine();
  console.log(`ui-latency: ${machineLine(m)}; measuring ${JSON.stringify(sutInfo())}`);
  try {
    const sys = await startLauncher(cleanup, { nodes: SETTINGS.nodes });
    const nodes = await waitForAlive(sys, SETTINGS.nodes);
    const ids = nodes.map((n) => n.id);

    const browser = await launchBrowser(cleanup);
    const opened = performance.now();
    const page = await openDashboard(browser, sys.dashboardUrl, SETTINGS.nodes);
    console.log(`page drew ${SETTINGS.nodes} nodes ${Math.round(performance.now() - opened)} ms after goto`);

    // Our own subscriber sees the same batches as the page: it splits the time into hub and browser.
    const sub = new CountingSubscriber(sys.dashboardUrl);
    cleanup.add('close the subscriber', () => sub.close());
    const delivered = new Map<string, { at: number; hubAt: number; latencyMs: number }>();
    // Every batch at our subscriber (arrival, seq and event types): whether a message's events came in one batch or several.
    const batches: Array<{ at: number; events: string[] }> = [];
    sub.onDelta = (delta: Delta, at: number) => {
      if (batches.at(-1)?.at !== at) batches.push({ at, events: [] });
      const { event } = delta;
      batches.at(-1)!.events.push('id' in event ? `${event.type} ${String(event.id).slice(0, 8)}` : event.type);
      if (event.type === 'message:delivered' || event.type === 'message:failed')
        delivered.set(event.id, { at: event.at, hubAt: at, latencyMs: event.latencyMs });
    };
    await sub.start();

    const groups = () => {
      const all = descendants(process.pid);
      const launcherTree = new Set([sys.pid, ...descendants(sys.pid)]);
      const chromium = all.filter((p) => !launcherTree.has(p));
      return {
        dashboard: sys.pidsMatching(/apps\/dashboard/),
        bootstrap: sys.pidsMatching(/apps\/bootstrap/),
        nodes: sys.pidsMatching(/apps\/node/),
        // Chromium by process: the page (renderer), the compositor's output (gpu-process: software here), the rest (browser, utilities).
        'chromium:renderer': chromium.filter((p) => chromiumType(p) === 'renderer'),
        'chromium:gpu': chromium.filter((p) => chromiumType(p) === 'gpu-process'),
        'chromium:browser': chromium.filter((p) => chromiumType(p) !== 'renderer' && chromiumType(p) !== 'gpu-process'),
        bench: [process.pid],
      };
    };
    const cpu = new CpuWindow(groups);
    // The page's main thread: busy seconds (CDP Performance.getMetrics), over the idle window and the run.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;

    const send = async (): Promise<Sample> => {
      const from = ids[Math.floor(Math.random() * ids.length)]!;
      let to = from;
      while (to === from) to = ids[Math.floor(Math.random() * ids.length)]!;
      const text = `bench ${randomUUID().slice(0, 8)}`;
      const t0 = Date.now();
      const p0 = performance.now();
      const response = await fetch(`${sys.bootstrapUrl}/api/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sys.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from, to, text }),
      });
      const answer = (await response.json()) as { id: string; status: string };
      const postMs = performance.now() - p0;
      if (!response.ok) throw new Error(`POST /api/messages answered ${response.status}: ${JSON.stringify(answer)}`);
      const sample: Sample = { id: answer.id, from, to, t0, postMs, status: answer.status };
      try {
        const handle = await page.waitForFunction((id) => (globalThis as unknown as HookHost).__peerscope?.animations[id], answer.id, {
          timeout: SETTINGS.animationTimeoutMs,
          polling: 'raf',
        });
        sample.animAt = (await handle.jsonValue()) as number;
      } catch {
        // no animation: counted as missing
      }
      return sample;
    };

    for (let i = 0; i < SETTINGS.warmup; i++) {
      await send();
      await sleep(SETTINGS.gapMs);
    }

    const quiet = await waitForQuiet('ui-latency');
    // Nothing sent for a while (the last warm-up animation over): the page's and the system's idle cost.
    await sleep(2_000);
    const idleCpu = new CpuWindow(groups);
    const idleTask0 = await taskSeconds();
    const idleStart = performance.now();
    idleCpu.start();
    await sleep(SETTINGS.idleMs);
    const idleUse = withChromiumTotal(idleCpu.stop());
    const idleMainThread = Math.round((((await taskSeconds()) - idleTask0) * 100_000) / (performance.now() - idleStart));
    const skewBefore = await pageClockSkewMs(page);
    const loadBefore = load1();
    const runTask0 = await taskSeconds();
    cpu.start();
    const started = performance.now();
    const samples: Sample[] = [];
    for (let i = 0; i < SETTINGS.sends; i++) {
      samples.push(await send());
      await sleep(SETTINGS.gapMs);
    }
    const elapsedS = (performance.now() - started) / 1_000;
    const cpuUse = withChromiumTotal(cpu.stop());
    const runMainThread = Math.round((((await taskSeconds()) - runTask0) * 100_000) / (performance.now() - started));
    const loadAfter = load1();
    const skewAfter = await pageClockSkewMs(page);
    await sleep(300);
    for (const s of samples) {
      const d = delivered.get(s.id);
      if (d) {
        s.deliveredAt = d.at;
        s.hubAt = d.hubAt;
        s.sentToOutcomeMs = d.latencyMs;
      }
    }

    // The hub alone: one event at a time straight into /ingest (no node, no reporter), timed to our
    // /ui subscriber. `node:stopping` for an unknown id changes nothing in the picture.
    const probeSent = new Map<string, number>();
    const probeLatency: number[] = [];
    const previous = sub.onDelta;
    sub.onDelta = (delta, at) => {
      previous?.(delta, at);
      if (delta.event.type === 'node:stopping' && probeSent.has(delta.event.nodeId)) probeLatency.push(at - probeSent.get(delta.event.nodeId)!);
    };
    const probe = io(new URL(INGEST_NAMESPACE, sys.dashboardUrl).href, {
      auth: { token: sys.clusterToken, source: 'bench-probe' },
      transports: ['websocket'],
      reconnection: false,
    });
    cleanup.add('close the probe', () => probe.close());
    await new Promise<void>((resolve, reject) => {
      probe.once('connect', resolve);
      probe.once('connect_error', reject);
    });
    for (let i = 0; i < SETTINGS.probes; i++) {
      const nodeId = `bench-probe-${i}`;
      probeSent.set(nodeId, Date.now());
      for (const report of encodeReports([{ type: 'node:stopping', nodeId, at: Date.now() }])) probe.emit('telemetry:report', report);
      await sleep(150 + Math.random() * 100);
    }
    await sleep(300);
    probe.close();
    const hubOnly = percentiles(probeLatency);

    const animated = samples.filter((s) => s.animAt !== undefined);
    const latency = percentiles(animated.map((s) => s.animAt! - s.t0));
    const post = percentiles(samples.map((s) => s.postMs));
    const split = animated.filter((s) => s.hubAt !== undefined && s.deliveredAt !== undefined);
    const breakdown = {
      'send → node reports delivered (POST path)': percentiles(split.map((s) => s.deliveredAt! - s.t0)),
      'delivered → hub batch at a /ui client (reporter flush + hub batch + wire)': percentiles(split.map((s) => s.hubAt! - s.deliveredAt!)),
      'hub batch at client → the page first draws the message (browser)': percentiles(split.map((s) => s.animAt! - s.hubAt!)),
      "  (within the send: the sender's message:sent → its outcome)": percentiles(split.map((s) => s.sentToOutcomeMs!)),
    };
    const statuses = samples.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.status]: (acc[s.status] ?? 0) + 1 }), {});

    const result = {
      benchmark: 'ui-latency',
      machine: m,
      measured: sutInfo(),
      load1: { before: loadBefore, after: loadAfter },
      quietCheck: quiet,
      disturbed: (cpuUse.other ?? 0) >= QUIET_OTHER_PERCENT,
      cpuPercentOfOneCore: cpuUse,
      idleCpuPercentOfOneCore: idleUse,
      pageMainThreadBusyPercent: { idle: idleMainThread, run: runMainThread },
      settings: SETTINGS,
      sends: samples.length,
      statuses,
      animated: animated.length,
      missing: samples.length - animated.length,
      elapsedS: Math.round(elapsedS * 10) / 10,
      pageClockSkewMs: { before: Math.round(skewBefore * 10) / 10, after: Math.round(skewAfter * 10) / 10 },
      sendToAnimationMs: latency,
      postMs: post,
      breakdownMs: breakdown,
      hubOnlyMs: hubOnly,
      goal: { ...GOALS, met: animated.length === samples.length && latency.p50 <= GOALS.p50Ms && latency.p99 <= GOALS.p99Ms },
      samples,
      batches,
    };
    const path = await writeResults('ui-latency', result);

    console.log(`\nload average (1 min): ${loadBefore} before, ${loadAfter} after; CPU (% of one core): ${JSON.stringify(cpuUse)}`);
    console.log(`idle ${SETTINGS.idleMs} ms before the run, CPU (% of one core): ${JSON.stringify(idleUse)}`);
    console.log(`page main thread busy: ${idleMainThread}% idle, ${runMainThread}% during the run`);
    console.log(
      `${samples.length} sends in ${result.elapsedS} s, statuses ${JSON.stringify(statuses)}, ${animated.length} animated, ${result.missing} missing`,
    );
    console.log(`page clock skew (Date.now − timeOrigin−now): ${result.pageClockSkewMs.before} ms before, ${result.pageClockSkewMs.after} ms after`);
    const row = (name: string, p: ReturnType<typeof percentiles>) =>
      console.log(
        `${name.padEnd(76)} p50 ${String(p.p50).padStart(6)}  p90 ${String(p.p90).padStart(6)}  p99 ${String(p.p99).padStart(6)}  max ${String(p.max).padStart(6)} ms`,
      );
    row('send → the page first draws the message', latency);
    row('POST /api/messages (bootstrap → node → peer → answer)', post);
    for (const [name, p] of Object.entries(breakdown)) row(`  ${name}`, p);
    row(`hub alone: one event into /ingest → at a /ui client (${hubOnly.n} probes)`, hubOnly);
    console.log(
      `\ngoal p50 ≤ ${GOALS.p50Ms} ms, p99 ≤ ${GOALS.p99Ms} ms: ${result.goal.met ? 'MET' : 'NOT MET'} (p50 ${latency.p50} ms, p99 ${latency.p99} ms)`,
    );
    if (result.disturbed)
      console.log(
        `warning: other work used ${cpuUse.other}% of a core during the run (load ${loadBefore} on ${m.nproc} cores): disturbed; rerun on a quiet machine`,
      );
    console.log(`details: ${path}`);
  } finally {
    await cleanup.run();
  }
}

/** A Chromium process's `--type` (renderer, gpu-process, utility, …; '' for the browser process). */
function chromiumType(pid: number): string {
  return /--type=([\w-]+)/.exec(cmdline(pid))?.[1] ?? '';
}

/** Adds `chromium`, the sum of Chromium's processes, to a CpuWindow's result. */
function withChromiumTotal(use: Record<string, number>): Record<string, number> {
  const chromium = Object.entries(use)
    .filter(([name]) => name.startsWith('chromium:'))
    .reduce((sum, [, percent]) => sum + percent, 0);
  return { chromium, ...use };
}

await main();
