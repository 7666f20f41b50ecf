// Recovery times: `kill -9` of each part in turn (the dashboard's server, the bootstrap, one node,
// the launcher) while the traffic generator runs, on the launched system (bench/support/recovery.ts).
// Prints how long until a page that stayed open was live again, until the nodes were registered
// again, whether every message was counted once, and whether anything outlived the launcher.
// See bench/README.md, "Recovery".
import { loadavg } from 'node:os';
import { machine, machineLine } from './support/machine.js';
import { runRecovery } from './support/recovery.js';
import { Cleanup, envInt, startLauncher, sutInfo, waitForAlive, writeResults } from './support/system.js';

const SETTINGS = {
  nodes: envInt('BENCH_NODES', 5),
  rate: envInt('BENCH_RATE', 20),
  runtime: process.env.BENCH_RUNTIME ?? 'process',
};

/** The 1, 5 and 15-minute load averages: on a shared machine the times depend on them. */
const loadText = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

const cleanup = new Cleanup();
try {
  const before = machine();
  const sut = sutInfo();
  console.log(`recovery: ${SETTINGS.nodes} ${SETTINGS.runtime} nodes, traffic at ${SETTINGS.rate} msg/s; ${machineLine(before)}; load ${loadText()}`);
  console.log(`commit ${sut.commit}${sut.dirty ? ' (with uncommitted changes)' : ''}`);
  const system = await startLauncher(cleanup, { nodes: SETTINGS.nodes, env: { PEERSCOPE_RUNTIME: SETTINGS.runtime } });
  await waitForAlive(system, SETTINGS.nodes);
  const result = await runRecovery(system, SETTINGS, (line) => console.log(`  ${line}`));
  const after = machine();
  console.log('\nrecovery times (ms after kill -9):');
  console.log(`  dashboard → open page live again     ${result.dashboard.liveAgainMs}`);
  console.log(`  bootstrap → every node alive again   ${result.bootstrap.nodesBackMs}`);
  console.log(`  node      → declared dead            ${result.node.deadAfterMs}`);
  console.log(`  node      → restarted, alive again   ${result.node.aliveAgainMs}`);
  console.log(
    `  launcher  → all ${result.launcher.processes} processes gone    ${result.launcher.goneAfterMs}${result.launcher.leftovers.length ? ` (LEFT: ${result.launcher.leftovers.join(' ')})` : ''}`,
  );
  console.log(
    `counts: dashboard kill ${result.dashboard.pageDelivered}/${result.dashboard.generatorDelivered}; bootstrap kill ${result.bootstrap.pageDelivered} counted, generator ${result.bootstrap.generator.delivered} delivered + ${result.bootstrap.generator.unanswered ?? 0} unknown`,
  );
  console.log(`${machineLine(after)}; load ${loadText()}`);
  const path = await writeResults(`recovery-${SETTINGS.runtime}`, { settings: SETTINGS, sut, machine: { before, after }, result });
  console.log(`results: ${path}`);
} finally {
  await cleanup.run();
}
