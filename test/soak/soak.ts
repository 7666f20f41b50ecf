// Soak test: a loaded network with crashes and restarts, watched by two pages that are reloaded
// and cut off, then checked for exact counts, false deaths and leftovers. See test/soak/README.md.
import { launchBrowser } from '../../bench/support/browser.js';
import { load1 } from '../../bench/support/machine.js';
import { Cleanup, startLauncher, waitForAlive } from '../../bench/support/system.js';
import { join } from 'node:path';
import { soakCpuWindow } from './support/cpu.js';
import { crashAndRestart, pickVictim, type CrashRecord } from './support/crashes.js';
import { killBootstrap, killDashboard, type PartKill } from './support/part-kills.js';
import { followHub } from './support/hub-stream.js';
import { processTree, stillRunning } from './support/leftovers.js';
import { SoakPage } from './support/pages.js';
import { pollRegistry } from './support/registry-poller.js';
import { printReport } from './support/report.js';
import { readTraceReceipts } from './support/trace-receipts.js';
import { soakSettings } from './support/settings.js';
import { settle } from './support/settle.js';
import { startTraffic, trafficFinished } from './support/traffic.js';
import { checks, type PageFigures } from './support/verdict.js';

const settings = soakSettings();
const cleanup = new Cleanup();
const began = Date.now();
try {
  const sys = await startLauncher(cleanup, {
    nodes: settings.nodes,
    bootstrapPort: settings.bootstrapPort,
    dashboardPort: settings.dashboardPort,
    dataDir: settings.dataDir,
    env: { PEERSCOPE_RUNTIME: settings.runtime },
    timeoutMs: 420_000, // 50 nodes starting on a busy 2-core machine take minutes
  });
  await waitForAlive(sys, settings.nodes, 300_000);
  const registry = pollRegistry(sys);
  cleanup.add('stop polling the registry', () => registry.stop());
  const hub = await followHub(sys.dashboardUrl);
  cleanup.add('close the hub subscriber', () => hub.close());
  // The pages watch; at normal priority two of them take more than a core from the network on a
  // 2-core machine (issue: the dashboard at scale), so they yield to it.
  const browser = await launchBrowser(cleanup, { lowPriority: true });
  const [reloaded, cut] = await Promise.all([
    SoakPage.open(browser, 'reloaded', sys.dashboardUrl, settings.nodes),
    SoakPage.open(browser, 'cut', sys.dashboardUrl, settings.nodes),
  ]);
  console.log(
    `soak: ${settings.nodes} nodes alive (${settings.runtime} runtime), 2 pages live; ${settings.rate} msgs/s for ${settings.seconds} s with ${settings.crashes} crashes`,
  );

  // The run's timeline, in fractions of its length: crashes spread evenly, a reload, a cut.
  const runMs = settings.seconds * 1_000;
  const at = <T>(fraction: number, step: () => Promise<T>) => new Promise((r) => setTimeout(r, fraction * runMs)).then(step);
  const crashes: CrashRecord[] = [];
  const busy = new Set<string>();
  // A crash goes through the bootstrap's admin API: none starts while the bootstrap is being killed, and the kill waits for those running.
  let bootstrapKill: Promise<unknown> | undefined;
  let crashing = 0;
  const crashOne = async () => {
    while (bootstrapKill) await bootstrapKill;
    crashing += 1;
    try {
      await crashSome();
    } finally {
      crashing -= 1;
    }
  };
  const crashSome = async () => {
    let victim = pickVictim(registry.latest(), busy);
    for (let tries = 0; !victim && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 200));
      victim = pickVictim(registry.latest(), busy);
    }
    if (!victim) throw new Error(`no node to crash: ${JSON.stringify(registry.latest().map((n) => [n.id, n.status, n.managed]))}`);
    busy.add(victim);
    const crash = await crashAndRestart(sys, victim, (c) => crashes.push(c));
    busy.delete(victim);
    console.log(`  crashed and restarted ${victim}${crash.error ? `: ${crash.error}` : ''}`);
  };
  const cutMs = Math.min(5_000, runMs * 0.15);
  const cpu = soakCpuWindow(sys.pid);
  const loadBefore = load1();
  cpu.start();
  await startTraffic(sys, settings.rate, settings.seconds);
  // Whole parts killed (full run): the dashboard's server early, and the reload and the cut wait
  // until it is back (a reload while it is down would only fail); the bootstrap late.
  const partKills: PartKill[] = [];
  const dashboardBack = settings.killParts ? at(0.15, async () => void partKills.push(await killDashboard(sys, [reloaded, cut], hub))) : Promise.resolve();
  const killTheBootstrap = async () => {
    if (!settings.killParts) return;
    await at(0.75, async () => {
      while (crashing > 0) await new Promise((r) => setTimeout(r, 100));
      bootstrapKill = killBootstrap(sys).then((kill) => partKills.push(kill));
      await bootstrapKill;
      bootstrapKill = undefined;
    });
  };
  const [, reloadMs, restoreMs] = await Promise.all([
    Promise.all(Array.from({ length: settings.crashes }, (_, i) => at((i + 1) / (settings.crashes + 1), crashOne))),
    at(0.4, () => dashboardBack.then(() => reloaded.reload())),
    at(0.55, () => dashboardBack.then(() => cut.cut())).then((dropped) =>
      new Promise((r) => setTimeout(r, cutMs)).then(async () => ({ ...dropped, ms: await cut.restore() })),
    ),
    killTheBootstrap(),
    dashboardBack,
  ]);
  for (const kill of partKills)
    console.log(
      `  killed the ${kill.part} (kill -9): ${kill.error ?? `back after ${kill.backMs} ms`}${kill.pages ? ` (pages live again: ${JSON.stringify(kill.pages)})` : ''}`,
    );
  const generator = await trafficFinished(sys, 60_000);
  const machine = { cpu: cpu.stop(), loadBefore, loadAfter: load1(), slowPolls: registry.slowPolls, failedPolls: registry.failedPolls };

  // Events still in flight when the generator stops: wait until the pages and the hub agree.
  const read = async () => ({ hub: hub.counters(), seq: hub.seq(), pages: await Promise.all([reloaded.counters(), cut.counters()]) });
  const key = (v: Awaited<ReturnType<typeof read>>) => JSON.stringify(v);
  const agree = (v: Awaited<ReturnType<typeof read>>) => v.pages.every((p) => p.seq === v.seq);
  const final = await settle(read, key, agree, 20_000);
  const pages: PageFigures[] = [
    { name: 'reloaded', counters: final.pages[0]!, shown: await reloaded.shownCounters(), disturbance: `reloaded, live again after ${reloadMs} ms` },
    {
      name: 'cut',
      counters: final.pages[1]!,
      shown: await cut.shownCounters(),
      disturbance:
        `offline ${cutMs} ms (its client saw the WebSocket drop${restoreMs.closedSeen ? ', and so did Chromium' : ''}), ` +
        `live again ${restoreMs.ms} ms after; ${cut.sockets.opened} WebSockets opened`,
    },
  ];
  await registry.stop();
  hub.close();
  const crashWindows = crashes.map((c) => ({ ...c }));
  const status = [registry.log.verdict(crashWindows), hub.log.verdict(crashWindows)];

  // Stop everything, then look for what survived.
  await browser.close();
  const noted = processTree(sys.pid);
  const stopped = await sys.stop();
  const leftovers = [...stillRunning(noted), ...stopped.leftovers.map((line) => ({ pid: Number(line.split(' ')[0]), command: line }))];
  // Crash losses from what the hub recorded (every session's trace), which the stream may have seen only folded into a snapshot.
  const crashed = new Set(crashes.map((c) => c.nodeId));
  const traced = await readTraceReceipts(join(settings.dataDir, 'traces'));
  const figures = {
    generator,
    hub: {
      counters: final.hub,
      seq: final.seq,
      duplicates: hub.tally.duplicates,
      missing: hub.tally.missing,
      lostWithCrashedSender: traced.segments > 0 ? traced.receipts.unsettledFrom(crashed) : hub.receipts.unsettledFrom(crashed),
      lostSeenOnStream: hub.receipts.unsettledFrom(crashed),
      trace: { events: traced.events, torn: traced.torn, segments: traced.segments },
    },
    pages,
    status,
    crashes,
    partKills,
    expectedPartKills: settings.killParts ? 2 : 0,
    leftovers,
    launcherHung: stopped.launcherHung,
    machine,
  };
  const list = checks(figures);
  printReport(settings, figures, Date.now() - began, list);
  process.exitCode = list.every((c) => c.ok) ? 0 : 1;
} catch (err) {
  console.error(`soak: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
