// Benchmark: what recording the trace costs the hub. The hub (createHub, as the dashboard makes it,
// with a real Socket.IO server and two `/ui` subscribers taking every batch) is fed message events
// at bench:hub's paced rate (20,000 events/s, in reports of ~100), once with the trace recorder
// and once without, alternating in the same run; the hub process's CPU is measured over each
// window (process.cpuUsage: the hub, its Socket.IO and the recorder; not the subscribers, which run
// in a child process). Then the same with events as fast as the hub takes them (the synthetic most).
// See bench/README.md, "Recording the trace".
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TelemetryEvent } from '@peerscope/protocol';
import { createLogger } from '@peerscope/server-kit';
import { Server } from 'socket.io';
import { createHub } from '../apps/dashboard/server/hub/hub.js';
import { rememberingParser } from '../apps/dashboard/server/trace/encoded-batches.js';
import { TraceRecorder } from '../apps/dashboard/server/trace/trace-recorder.js';
import { TRACE_DEFAULTS } from '../apps/dashboard/server/trace/trace-settings.js';
import { load1, machine, machineLine } from './support/machine.js';
import { envInt, sutInfo, writeResults } from './support/system.js';

const SETTINGS = {
  rate: envInt('BENCH_PACED_RATE', 20_000),
  windowMs: envInt('BENCH_WINDOW_MS', 8_000),
  warmupMs: envInt('BENCH_WARMUP_MS', 3_000),
  rounds: envInt('BENCH_ROUNDS', 3),
  reportSize: envInt('BENCH_REPORT_SIZE', 99),
  nodes: 10,
};

const logger = createLogger('bench', 'warn');

/** sent + received + delivered of one message, as nodes report them. */
function messageEvents(n: number): TelemetryEvent[] {
  const from = `node${(n % SETTINGS.nodes) + 1}`;
  const to = `node${((n + 3) % SETTINGS.nodes) + 1}`;
  const id = `m${n}`;
  const at = Date.now();
  return [
    { type: 'message:sent', id, from, to, text: `bench message ${n}`, at, source: from },
    { type: 'message:received', id, from, to, text: `bench message ${n}`, at, source: to },
    { type: 'message:delivered', id, from, to, latencyMs: 1.2, at, source: from },
  ];
}

async function main(): Promise<void> {
  const m = machine();
  console.log(`trace-cost: ${machineLine(m)}; measuring ${JSON.stringify(sutInfo())}`);
  const runs: Array<Record<string, unknown>> = [];
  for (const paced of [true, false]) {
    // Not counted: the first window also pays for compiling the hot paths, and would weigh on whichever side came first.
    await measure(true, paced, SETTINGS.warmupMs);
    for (let round = 1; round <= SETTINGS.rounds; round++) {
      for (const trace of [true, false]) {
        const result = await measure(trace, paced);
        runs.push({ round, ...result });
        console.log(
          `  ${paced ? `paced ${SETTINGS.rate}/s` : 'as fast as it goes'} trace ${trace ? 'on ' : 'off'} round ${round}: ${result.eventsPerSecond} events/s, hub CPU ${result.cpuPercentOfOneCore}% of a core, ${result.cpuUsPerEvent} µs/event${trace ? `, ${result.traceMb} MB written` : ''}; load ${result.load1}`,
        );
        await sleep(500);
      }
    }
  }
  const summary = (paced: boolean, trace: boolean) => {
    const chosen = runs.filter((r) => r.paced === paced && r.trace === trace);
    const median = (key: string) => chosen.map((r) => r[key] as number).sort((a, b) => a - b)[Math.floor(chosen.length / 2)]!;
    return { cpuPercentOfOneCore: median('cpuPercentOfOneCore'), cpuUsPerEvent: median('cpuUsPerEvent'), eventsPerSecond: median('eventsPerSecond') };
  };
  const medians = {
    paced: { on: summary(true, true), off: summary(true, false) },
    fastest: { on: summary(false, true), off: summary(false, false) },
  };
  const path = await writeResults('trace-cost', { benchmark: 'trace-cost', machine: m, measured: sutInfo(), settings: SETTINGS, runs, medians });
  console.log(`\nmedians: ${JSON.stringify(medians)}`);
  // Per event, not per second: on a loaded machine the hub may not get the CPU to reach the paced rate.
  for (const [name, pair] of Object.entries(medians)) {
    const extra = pair.on.cpuUsPerEvent - pair.off.cpuUsPerEvent;
    console.log(
      `${name}: recording adds ${extra.toFixed(2)} µs of hub CPU per event (${((extra / pair.off.cpuUsPerEvent) * 100).toFixed(0)}% of what the hub spends without it)`,
    );
  }
  // Each round's on and off windows ran back to back, so their difference is the least disturbed by load that drifts.
  for (const paced of [true, false]) {
    const shares = pairedShares(runs, paced);
    console.log(
      `${paced ? 'paced' : 'fastest'}, round by round: recording adds ${shares.map((s) => `${s}%`).join(', ')} (median ${shares.sort((a, b) => a - b)[Math.floor(shares.length / 2)]}%)`,
    );
  }
  console.log(`details: ${path}`);
}

/** Per round, what the window with the trace cost per event beyond the one without, in % of the latter. */
function pairedShares(runs: Array<Record<string, unknown>>, paced: boolean): number[] {
  const rounds = runs.filter((r) => r.paced === paced && r.trace === true);
  return rounds.map((on) => {
    const off = runs.find((r) => r.paced === paced && r.trace === false && r.round === on.round)!;
    return Math.round(((on.cpuUsPerEvent as number) / (off.cpuUsPerEvent as number) - 1) * 100);
  });
}

/** One window: a fresh hub (trace on or off), two subscribers, events paced or as fast as they go. */
async function measure(trace: boolean, paced: boolean, windowMs = SETTINGS.windowMs) {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-bench-'));
  const http = createServer();
  const io = new Server(http, { serveClient: false, parser: rememberingParser });
  const hub = createHub(io, {
    clusterToken: 'bench-cluster-token-0123456789',
    logger,
    trace: trace ? (epoch, picture) => new TraceRecorder(epoch, picture, { ...TRACE_DEFAULTS, dir, texts: true }, logger) : undefined,
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as { port: number }).port;
  const subscribers = fork(new URL('./support/ui-subscribers.ts', import.meta.url), [String(port)], { execArgv: ['--import', 'tsx'] });
  await new Promise<void>((resolve) => subscribers.once('message', () => resolve()));
  const load = load1();
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let n = 0;
  let events = 0;
  const perMs = SETTINGS.rate / 1_000;
  // Paced: reports of ~reportSize events as often as the rate asks; fast: back to back, yielding to I/O between reports.
  while (Number(process.hrtime.bigint() - started) / 1e6 < windowMs) {
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (paced && events >= elapsedMs * perMs) {
      await sleep(Math.max(1, (events - elapsedMs * perMs) / perMs));
      continue;
    }
    for (let i = 0; i < SETTINGS.reportSize / 3; i++) for (const event of messageEvents(n++)) hub.record(event);
    events += Math.floor(SETTINGS.reportSize / 3) * 3;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const used = process.cpuUsage(cpu);
  const windowS = Number(process.hrtime.bigint() - started) / 1e9;
  await hub.close();
  subscribers.kill();
  io.close();
  const cpuUs = used.user + used.system;
  const traceBytes = trace ? readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0) : 0;
  rmSync(dir, { recursive: true, force: true });
  return {
    trace,
    paced,
    windowS: Number(windowS.toFixed(2)),
    events,
    eventsPerSecond: Math.round(events / windowS),
    cpuPercentOfOneCore: Number(((cpuUs / 1e6 / windowS) * 100).toFixed(1)),
    cpuUsPerEvent: Number((cpuUs / events).toFixed(2)),
    traceMb: Number((traceBytes / 1024 / 1024).toFixed(1)),
    load1: load,
  };
}

await main();
