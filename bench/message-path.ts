// Benchmark of the message path: `POST /message` throughput of a peerscope node, against a bare
// node:http server answering the same JSON, driven by the same client in the same run, with and
// without keep-alive, with telemetry off and on. The figures that count are ratios against the
// baseline of the same run, not absolute timings; nothing is asserted. See bench/README.md.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { cpuMeter, foreignCpuMeter } from './lib/cpu.js';
import { Children, freePort, waitForMessage, waitUntil, type Child } from './lib/children.js';
import { median, percentile, runLoad, type LoadResult, type Mode } from './lib/load.js';
import type { HubStats } from './servers/telemetry-hub.js';

// Many short runs, the targets interleaved, rather than a few long ones: this machine (a VM) has
// slow spells of a few seconds, and a spell then hits every target of a round alike.
const SETTINGS = {
  concurrency: envInt('BENCH_CONCURRENCY', 32),
  /** Before a target's first run in a mode: time for the JIT and the heap to settle. */
  firstWarmupMs: envInt('BENCH_FIRST_WARMUP_MS', 3_000),
  /** Before every later run: enough to open the connections and fill the pipeline. */
  warmupMs: envInt('BENCH_WARMUP_MS', 300),
  durationMs: envInt('BENCH_DURATION_MS', 2_000),
  rounds: envInt('BENCH_ROUNDS', 10),
  maxRequests: 2_000_000,
  /** A pause between runs, so one run's closing connections do not weigh on the next. */
  pauseMs: 300,
  /** A run where other processes used more than this (% of one core) is disturbed... */
  maxOtherCpuPercent: 15,
  /** ...and done again, up to this many times, so a shared machine still gives usable figures. */
  retriesWhenDisturbed: 2,
};
const GOALS = { minRatioVsBare: 0.6, maxTelemetryCost: 0.1 };
const ALL_MODES: Mode[] = ['keep-alive', 'close'];
/** `BENCH_MODES=keep-alive` measures one mode only (when profiling one, say). */
const MODES: Mode[] = ALL_MODES.filter((mode) => (process.env.BENCH_MODES ?? ALL_MODES.join(',')).split(',').includes(mode));

type TargetName = 'bare' | 'node' | 'node+telemetry' | 'node+every-event';
const TARGETS: TargetName[] = ['bare', 'node', 'node+telemetry', 'node+every-event'];
/** The targets that report to the hub, and so must have reported one event per message they acknowledged. */
const REPORTING: TargetName[] = ['node+telemetry', 'node+every-event'];
interface Target {
  name: TargetName;
  origin: string;
  pid: number;
  /** The telemetry hub, which works only for this target: its CPU is this target's cost too. */
  hubPid?: number;
}
interface Run extends LoadResult {
  round: number;
  mode: Mode;
  target: TargetName;
  /** Server CPU time per 2xx answer: what a request costs, whoever the bottleneck was. */
  serverCpuUsPerReq: number | null;
  /** The load client's CPU use; near 100% means the client, not the server, set the pace. */
  clientCpuPercent: number | null;
  /** The telemetry hub's CPU use (its own process, on the same two cores), for the reporting nodes. */
  hubCpuPercent: number | null;
  /** CPU used by processes outside this benchmark, in % of one core: high means a disturbed run. */
  otherCpuPercent: number | null;
  /** 1, or more when earlier attempts were disturbed; only the last attempt is kept. */
  attempts: number;
}

const repo = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const TSX = ['--import', 'tsx'];

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

// --- the system under test -------------------------------------------------------------------

interface System {
  targets: Target[];
  hub: Child;
  /** Node id of each reporting target, as the hub knows it. */
  reporterIds: Partial<Record<TargetName, string>>;
}

async function startSystem(children: Children, dataDir: string): Promise<System> {
  const clusterToken = randomBytes(24).toString('base64url');
  const bare = children.fork('bare server', repo('bench/servers/bare-server.ts'), { execArgv: TSX });
  const hub = children.fork('telemetry hub', repo('bench/servers/telemetry-hub.ts'), {
    execArgv: TSX,
    env: { PEERSCOPE_CLUSTER_TOKEN: clusterToken },
  });
  const bootstrap = children.fork('bootstrap', repo('apps/bootstrap/dist/main.js'), {
    args: ['--port', '0', '--nodes', '0'],
    env: {
      PEERSCOPE_ADMIN_TOKEN: randomBytes(24).toString('base64url'),
      PEERSCOPE_CLUSTER_TOKEN: clusterToken,
      PEERSCOPE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
  });
  // Listen for every 'ready' at once: a message sent before anyone listens would be lost.
  const [bareReady, hubReady, bootstrapReady] = await Promise.all([
    waitForMessage<{ type: 'ready'; port: number }>(bare, 'ready'),
    waitForMessage<{ type: 'ready'; port: number }>(hub, 'ready'),
    waitForMessage<{ type: 'ready'; bootstrapUrl: string }>(bootstrap, 'ready'),
  ]);
  const hubUrl = `http://127.0.0.1:${hubReady.port}`;
  const { bootstrapUrl } = bootstrapReady;

  // The nodes join the same bootstrap (so all heartbeat) and differ only in telemetry: off, on
  // (the default budget of message events sent one by one, then counts), on for every event.
  // Ids of one length, so nothing else differs.
  const env = { BOOTSTRAP_URL: bootstrapUrl, PEERSCOPE_CLUSTER_TOKEN: clusterToken };
  const plain = await startNode(children, 'bench-node-a', env);
  const withTelemetry = await startNode(children, 'bench-node-b', { ...env, PEERSCOPE_HUB_URL: hubUrl });
  const everyEvent = await startNode(children, 'bench-node-c', { ...env, PEERSCOPE_HUB_URL: hubUrl, PEERSCOPE_TELEMETRY_MESSAGE_EVENTS_PER_S: '0' });
  for (const reporter of [withTelemetry, everyEvent]) {
    await waitUntil(reporter.child, 'the node connecting to the hub', async () => ((await hubStats(hub)).sources.includes(reporter.id) ? true : undefined));
  }

  const hubPid = hub.process.pid!;
  return {
    hub,
    reporterIds: { 'node+telemetry': withTelemetry.id, 'node+every-event': everyEvent.id },
    targets: [
      { name: 'bare', origin: `http://127.0.0.1:${bareReady.port}`, pid: bare.process.pid! },
      { name: 'node', origin: plain.origin, pid: plain.child.process.pid! },
      { name: 'node+telemetry', origin: withTelemetry.origin, pid: withTelemetry.child.process.pid!, hubPid },
      { name: 'node+every-event', origin: everyEvent.origin, pid: everyEvent.child.process.pid!, hubPid },
    ],
  };
}

/** Starts a node on a port picked here and waits until it serves HTTP and has registered. */
async function startNode(children: Children, id: string, env: Record<string, string>) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = children.fork(id, repo('apps/node/dist/main.js'), {
    env: { ...env, NODE_ID: id, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
  });
  await waitUntil(child, 'registration with the bootstrap', async () => {
    const res = await request(`${origin}/`);
    const body = (await res.body.json()) as { id?: string | null };
    return res.statusCode === 200 && body.id === id ? true : undefined;
  });
  return { child, origin, id };
}

async function hubStats(hub: Child): Promise<HubStats> {
  const answer = waitForMessage<HubStats>(hub, 'stats', 5_000);
  hub.process.send({ type: 'stats' });
  return answer;
}

/** Every target must give the same answer, or the comparison means nothing. */
async function checkAnswer(target: Target): Promise<void> {
  const res = await request(`${target.origin}/message`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender: 'bench', msg: 'hello' }),
  });
  const text = await res.body.text();
  const contentType = String(res.headers['content-type']);
  if (res.statusCode !== 200 || text !== '{"status":"received"}' || !contentType.startsWith('application/json')) {
    throw new Error(`${target.name} answered ${res.statusCode} ${contentType} ${text}`);
  }
}

// --- measuring -------------------------------------------------------------------------------

/** Runs every target in every mode, `rounds` times, rotating the order to cancel drift. */
async function measureAll(targets: Target[], children: Children): Promise<{ runs: Run[]; okByTarget: Record<string, number> }> {
  const runs: Run[] = [];
  const okByTarget: Record<string, number> = {};
  for (let round = 1; round <= SETTINGS.rounds; round++) {
    for (const mode of MODES) {
      for (const target of rotate(targets, round - 1)) {
        const { run, answered } = await measureUndisturbed(target, mode, round, [process.pid, ...children.pids()]);
        runs.push(run);
        okByTarget[target.name] = (okByTarget[target.name] ?? 0) + answered;
        console.log(progressLine(run));
        await sleep(SETTINGS.pauseMs);
      }
    }
  }
  return { runs, okByTarget };
}

function isDisturbed(run: Pick<Run, 'otherCpuPercent'>): boolean {
  return (run.otherCpuPercent ?? 0) > SETTINGS.maxOtherCpuPercent;
}

/** Measures again while other processes were busy during the run, a bounded number of times. */
async function measureUndisturbed(target: Target, mode: Mode, round: number, benchPids: number[]): Promise<{ run: Run; answered: number }> {
  let answered = 0; // every 2xx, warm-up and discarded attempts included, for the telemetry check
  for (let attempt = 1; ; attempt++) {
    const { run, warmupOk } = await measure(target, mode, round, benchPids);
    answered += warmupOk + run.ok;
    if (!isDisturbed(run) || attempt > SETTINGS.retriesWhenDisturbed) return { run: { ...run, attempts: attempt }, answered };
    console.log(`${progressLine(run)}: disturbed, measuring again`);
    await sleep(SETTINGS.pauseMs * 4);
  }
}

/** One run against one target, with the CPU both sides used while it was measured. */
async function measure(target: Target, mode: Mode, round: number, benchPids: number[]): Promise<{ run: Omit<Run, 'attempts'>; warmupOk: number }> {
  const server = cpuMeter(target.pid);
  const client = cpuMeter(process.pid);
  const hub = target.hubPid === undefined ? undefined : cpuMeter(target.hubPid);
  const other = foreignCpuMeter(benchPids);
  const onMeasure = () => {
    server.start();
    client.start();
    hub?.start();
    other.start();
  };
  const { concurrency, durationMs, maxRequests } = SETTINGS;
  const warmupMs = round === 1 ? SETTINGS.firstWarmupMs : SETTINGS.warmupMs;
  const { warmupOk, ...result } = await runLoad({ origin: target.origin, mode, concurrency, warmupMs, durationMs, maxRequests, onMeasure });
  const [serverMs, clientMs, hubMs, otherMs] = [server.stop(), client.stop(), hub?.stop(), other.stop()];
  const run: Omit<Run, 'attempts'> = {
    round,
    mode,
    target: target.name,
    ...result,
    serverCpuUsPerReq: serverMs === undefined ? null : (serverMs * 1_000) / result.ok,
    clientCpuPercent: clientMs === undefined ? null : (100 * clientMs) / result.elapsedMs,
    hubCpuPercent: hubMs === undefined ? null : (100 * hubMs) / result.elapsedMs,
    otherCpuPercent: otherMs === undefined ? null : (100 * otherMs) / result.elapsedMs,
  };
  return { run, warmupOk };
}

function rotate<T>(items: T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

function progressLine(run: Omit<Run, 'attempts'>): string {
  const errors = run.errors > 0 ? `, ${run.errors} errors (${run.firstError})` : '';
  const cpu =
    run.serverCpuUsPerReq === null
      ? ''
      : `, server ${Math.round(run.serverCpuUsPerReq)} µs CPU/req, client CPU ${Math.round(run.clientCpuPercent ?? 0)}%${run.hubCpuPercent === null ? '' : `, hub CPU ${Math.round(run.hubCpuPercent)}%`}, other CPU ${Math.round(run.otherCpuPercent ?? 0)}%`;
  return `  round ${run.round} ${run.mode.padEnd(10)} ${run.target.padEnd(15)} ${Math.round(run.rps)} req/s, ${run.connections} connections${cpu}${errors}`;
}

// --- summarising -----------------------------------------------------------------------------

interface Row {
  mode: Mode;
  target: TargetName;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Median over rounds of this target's req/s divided by the bare server's in the same round. */
  vsBare: number;
  serverCpuUsPerReq: number | null;
  clientCpuPercent: number | null;
  otherCpuPercent: number | null;
  errors: number;
}

/** What turning telemetry on costs a node, from the rounds of one mode. */
interface TelemetryCost {
  /** Median over rounds of the reporting node's req/s divided by the plain node's in the same round. */
  onOff: number;
  /** The middle half of those per-round ratios: how much the rounds agreed. */
  quartiles: [number, number];
  cost: number;
  /** Median over rounds of the node's CPU per request with telemetry on divided by with it off. */
  cpuOnOff: number | null;
}

interface ModeSummary {
  mode: Mode;
  rows: Row[];
  /** `node+telemetry`: telemetry as nodes run it, the goal's subject. */
  telemetry: TelemetryCost;
  /** `node+every-event`: every message event sent one by one (no budget), for comparison. */
  everyEvent: TelemetryCost;
  /** Bare server CPU per request divided by the node's: the ratio with the client taken out. */
  cpuPerReqBareOverNode: number | null;
  goalVsBareMet: boolean;
  goalTelemetryMet: boolean;
}

function summarise(runs: Run[]): ModeSummary[] {
  return MODES.map((mode) => {
    const of = (target: TargetName) => runs.filter((r) => r.mode === mode && r.target === target);
    const perRound = (a: TargetName, b: TargetName, figure: (run: Run) => number | null) => {
      const bs = of(b);
      return of(a).flatMap((run) => {
        const [x, y] = [figure(run), figure(bs.find((other) => other.round === run.round)!)];
        return x === null || y === null ? [] : [x / y];
      });
    };
    const perRoundRatio = (a: TargetName, b: TargetName) => median(perRound(a, b, (run) => run.rps));
    const rows = TARGETS.map((target): Row => ({
      mode,
      target,
      rps: median(of(target).map((r) => r.rps)),
      p50Ms: median(of(target).map((r) => r.p50Ms)),
      p99Ms: median(of(target).map((r) => r.p99Ms)),
      vsBare: perRoundRatio(target, 'bare'),
      serverCpuUsPerReq: medianOrNull(of(target).map((r) => r.serverCpuUsPerReq)),
      clientCpuPercent: medianOrNull(of(target).map((r) => r.clientCpuPercent)),
      otherCpuPercent: medianOrNull(of(target).map((r) => r.otherCpuPercent)),
      errors: of(target).reduce((sum, r) => sum + r.errors, 0),
    }));
    const costOf = (reporting: TargetName): TelemetryCost => {
      const ratios = Float64Array.from(perRound(reporting, 'node', (run) => run.rps)).sort();
      const cpuRatios = perRound(reporting, 'node', (run) => run.serverCpuUsPerReq);
      const onOff = median([...ratios]);
      return {
        onOff,
        quartiles: [percentile(ratios, 0.25), percentile(ratios, 0.75)],
        cost: 1 - onOff,
        cpuOnOff: cpuRatios.length === 0 ? null : median(cpuRatios),
      };
    };
    const telemetry = costOf('node+telemetry');
    const cpu = (target: TargetName) => rows.find((r) => r.target === target)!.serverCpuUsPerReq;
    const divide = (a: number | null, b: number | null) => (a === null || b === null ? null : a / b);
    return {
      mode,
      rows,
      telemetry,
      everyEvent: costOf('node+every-event'),
      cpuPerReqBareOverNode: divide(cpu('bare'), cpu('node')),
      goalVsBareMet: rows.find((r) => r.target === 'node')!.vsBare >= GOALS.minRatioVsBare,
      goalTelemetryMet: telemetry.cost <= GOALS.maxTelemetryCost,
    };
  });
}

function medianOrNull(values: Array<number | null>): number | null {
  return values.some((v) => v === null) ? null : median(values as number[]);
}

function table(summaries: ModeSummary[]): string {
  const head = ['mode', 'target', 'req/s', 'p50 ms', 'p99 ms', 'vs bare', 'server CPU µs/req', 'client CPU', 'other CPU', 'errors'];
  const orDash = (value: number | null, unit = '') => (value === null ? '-' : `${value.toFixed(0)}${unit}`);
  const body = summaries.flatMap((s) =>
    s.rows.map((r) => [
      r.mode,
      r.target,
      r.rps.toFixed(0),
      r.p50Ms.toFixed(2),
      r.p99Ms.toFixed(2),
      `${r.vsBare.toFixed(2)}x`,
      orDash(r.serverCpuUsPerReq),
      orDash(r.clientCpuPercent, '%'),
      orDash(r.otherCpuPercent, '%'),
      String(r.errors),
    ]),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < 2 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

const x = (ratio: number | null) => (ratio === null ? 'n/a' : `${ratio.toFixed(2)}x`);

function costLine(c: TelemetryCost): string {
  return (
    `${x(c.onOff)} req/s (middle half of the rounds ${x(c.quartiles[0])}-${x(c.quartiles[1])}), cost ${(c.cost * 100).toFixed(1)}%` +
    ` [CPU per request, on/off: ${x(c.cpuOnOff)}]`
  );
}

function verdicts(summaries: ModeSummary[]): string[] {
  const yes = (met: boolean) => (met ? 'met' : 'NOT met');
  return summaries.flatMap((s) => [
    `${s.mode}: node vs bare ${x(s.rows.find((r) => r.target === 'node')!.vsBare)} req/s (goal >= ${GOALS.minRatioVsBare}x): ${yes(s.goalVsBareMet)}` +
      ` [CPU per request, bare/node: ${x(s.cpuPerReqBareOverNode)}]`,
    `${s.mode}: telemetry on/off ${costLine(s.telemetry)} (goal <= ${GOALS.maxTelemetryCost * 100}%): ${yes(s.goalTelemetryMet)}`,
    `${s.mode}: every message event sent one by one, on/off ${costLine(s.everyEvent)} (for comparison)`,
  ]);
}

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    /** Other work on the machine skews every figure; taken at the start, this says how busy it was. */
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  };
}

// --- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const children = new Children();
  const dataDir = await mkdtemp(join(tmpdir(), 'peerscope-bench-'));
  const interrupted = () => void children.stopAll().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const host = machine();
    if (host.loadAverage1m > 0.5) console.warn(`warning: 1-minute load average is ${host.loadAverage1m}; other work on this machine will skew the figures`);
    console.log(
      `message path: ${SETTINGS.concurrency} in flight, ${SETTINGS.rounds} rounds of ${SETTINGS.warmupMs} ms warm-up + ${SETTINGS.durationMs} ms per target and mode (${SETTINGS.firstWarmupMs} ms warm-up the first time)`,
    );
    const system = await startSystem(children, dataDir);
    for (const target of system.targets) await checkAnswer(target);
    const { runs, okByTarget } = await measureAll(system.targets, children);
    const disturbed = runs.filter(isDisturbed).length;
    const repeated = runs.filter((r) => r.attempts > 1).length;

    // Telemetry must really have flowed, or "telemetry on" measured nothing.
    await sleep(500);
    const hub = await hubStats(system.hub);
    const telemetry = REPORTING.map((target) => {
      const nodeId = system.reporterIds[target]!;
      const seen = hub.bySource[nodeId];
      return {
        target,
        nodeId,
        acknowledged: (okByTarget[target] ?? 0) + 1, // + the answer check
        // One by one or counted in a summary: every message must be there once.
        receivedByHub: (seen?.received ?? 0) + (seen?.summarisedReceived ?? 0),
        oneByOne: seen?.received ?? 0,
        reports: seen?.reports ?? 0,
      };
    });

    const summaries = summarise(runs);
    const results = { date: new Date().toISOString(), machine: host, settings: SETTINGS, goals: GOALS, summaries, telemetry, repeated, disturbed, runs };
    const out = repo('bench/results/message-path.json');
    await mkdir(repo('bench/results'), { recursive: true });
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);

    console.log(`\n${table(summaries)}\n`);
    for (const line of verdicts(summaries)) console.log(line);
    for (const t of telemetry) {
      const check = t.receivedByHub === t.acknowledged ? 'every one' : 'MISSING SOME';
      console.log(
        `telemetry (${t.target}): the hub accounted for ${t.receivedByHub} messages received of ${t.acknowledged} acknowledged (${check}), ${t.oneByOne} of them one by one, in ${t.reports} reports`,
      );
    }
    console.log(`machine: ${JSON.stringify(results.machine)}`);
    if (repeated > 0) console.log(`${repeated} of ${runs.length} runs were measured again because other processes were busy`);
    if (disturbed > 0) {
      console.warn(
        `warning: in ${disturbed} of ${runs.length} runs other processes used more than ${SETTINGS.maxOtherCpuPercent}% of a core; even after ${SETTINGS.retriesWhenDisturbed} retries; rerun on a quiet machine`,
      );
    }
    console.log(`results: ${out}`);
  } finally {
    await children.stopAll();
    await rm(dataDir, { recursive: true, force: true });
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

await main();
