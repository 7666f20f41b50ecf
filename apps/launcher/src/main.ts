#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { OWNER_VARIABLE, printBanner, resolveToken } from '@peerscope/bootstrap';
import { StartNodesResponseSchema } from '@peerscope/protocol';
import { ConfigError, SUPERVISED_BY_VARIABLE } from '@peerscope/server-kit';
import { ExitedBeforeReadyError, killChildren, startChild, STOP_GRACE_MS, type Child } from './children.js';
import { loadLauncherConfig } from './config.js';
import { childOutput, logFormatFor } from './log-output.js';
import { ensureDashboardBuilt } from './dashboard-build.js';
import { claimDataDir } from './data-dir-lock.js';
import { NodeProcesses } from './node-processes.js';
import { bootstrapStatePath, endSession, hubStatePath, sessionStateFiles } from './session-state.js';
import { Supervisor } from './supervisor.js';

const parts: Supervisor[] = [];
/** The process runtime's nodes: forked here, so that they outlive a bootstrap that dies. */
let nodes = new NodeProcesses();
let stopping = false;
/** What the session keeps on disk, for a restarted part; known once the settings are read. */
let sessionFiles: string[] = [];
/** Gives the data folder back to the next launcher; set once this one holds it. */
let releaseDataDir = (): void => {};

/**
 * Stops the dashboard and the bootstrap (which stops its nodes gracefully), then any node left;
 * `endsSession` (a stop asked by a signal) also clears what the session kept on disk.
 */
async function stop(code: number, endsSession = false): Promise<never> {
  stopping = true;
  const killed = (await Promise.all([...parts].reverse().map((part) => part.stop()))).flat();
  for (const name of killed) console.error(`peerscope: the ${name} did not stop within ${STOP_GRACE_MS / 1000} s; killed it`);
  // Left when the bootstrap could not stop them (it was down or was killed).
  await nodes.stopAll(5_000);
  if (endsSession) endSession(sessionFiles);
  releaseDataDir();
  process.exit(code);
}

const running = (): Child[] => parts.flatMap((part) => (part.child ? [part.child] : []));
const supervise = (name: string, start: Supervisor['options']['start']) =>
  new Supervisor({
    name,
    start,
    log: (line) => console.error(line),
    onRestarted: (_ready, restarts) => console.error(`peerscope: the ${name} is back (restart ${restarts})`),
    onGaveUp: (reason) => {
      if (stopping) return;
      console.error(`peerscope: ${reason}; stopping everything`);
      void stop(1);
    },
  });

try {
  const config = loadLauncherConfig();
  const output = childOutput(logFormatFor(config.logFormat, process.stdout.isTTY), process.stdout.hasColors?.() ?? false);
  nodes = new NodeProcesses(output);
  // One launcher per data folder: its session state and its dashboard are this session's alone.
  releaseDataDir = claimDataDir(config.dataDir);
  const admin = resolveToken(process.env.PEERSCOPE_ADMIN_TOKEN, config.dataDir, 'admin-token');
  const cluster = resolveToken(process.env.PEERSCOPE_CLUSTER_TOKEN, config.dataDir, 'cluster-token');
  const dashboardUrl = `http://127.0.0.1:${config.dashboardPort}`;
  const shared = {
    PEERSCOPE_ADMIN_TOKEN: admin.value,
    PEERSCOPE_CLUSTER_TOKEN: cluster.value,
    PEERSCOPE_DATA_DIR: config.dataDir,
    // A part stopped alone (a plain `kill`) is started again here, so it keeps its picture and network.
    [SUPERVISED_BY_VARIABLE]: 'launcher',
  };

  sessionFiles = sessionStateFiles(config.dataDir);

  // A second Ctrl-C does not wait out the grace period: what is left is killed at once.
  const onSignal = () => (stopping ? killChildren(running()) : void stop(0, true));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // The network first: it needs no dashboard, and its telemetry waits until the hub is up.
  const bootstrapEntry = fileURLToPath(import.meta.resolve('@peerscope/bootstrap/main'));
  const bootstrapPart = supervise('bootstrap', () =>
    startChild(
      'bootstrap',
      bootstrapEntry,
      [
        '--port',
        String(config.bootstrapPort),
        '--nodes',
        String(config.nodes),
        '--runtime',
        config.runtime,
        '--overlay',
        config.overlay,
        '--overlay-k',
        String(config.overlayK),
      ],
      {
        ...shared,
        [OWNER_VARIABLE]: 'launcher',
        // A bootstrap that dies comes back with its registry, faults, overlay and traffic.
        PEERSCOPE_BOOTSTRAP_STATE: bootstrapStatePath(config.dataDir),
        ...(!config.noDashboard && { PEERSCOPE_HUB_URL: dashboardUrl }),
      },
      { onFork: (child) => nodes.serve(child), output },
    ),
  );
  parts.push(bootstrapPart);
  const bootstrapReady = await bootstrapPart.start();
  const bootstrapUrl = String(bootstrapReady.bootstrapUrl);

  let dashboardReadyUrl: string | undefined;
  let signInUrl: string | undefined;
  if (!config.noDashboard) {
    const serverEntry = fileURLToPath(import.meta.resolve('@peerscope/dashboard/server'));
    ensureDashboardBuilt(join(dirname(serverEntry), '..', '..'), (line) => console.log(line));
    // The build blocks: a Ctrl-C that came meanwhile is handled now, and no dashboard joins the stop it began.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) await new Promise<never>(() => {});
    const dashboardPart = supervise('dashboard', () =>
      startChild(
        'dashboard',
        serverEntry,
        ['--port', String(config.dashboardPort)],
        {
          ...shared,
          PEERSCOPE_BOOTSTRAP_URL: bootstrapUrl,
          // Named here, as the bootstrap's is: the launcher clears both when the session ends.
          PEERSCOPE_HUB_STATE: hubStatePath(config.dataDir) ?? 'off',
        },
        { output },
      ),
    );
    parts.push(dashboardPart);
    const dashboardReady = await dashboardPart.start();
    dashboardReadyUrl = String(dashboardReady.url);
    if (typeof dashboardReady.signInUrl === 'string') signInUrl = dashboardReady.signInUrl;
  }

  printBanner({
    bootstrapUrl,
    runtime: config.runtime,
    admin,
    nodes: StartNodesResponseSchema.shape.nodes.parse(bootstrapReady.nodes),
    dashboardUrl: dashboardReadyUrl,
  });
  // The dashboard listens beyond loopback: others may watch, acting needs this link (or the password).
  if (signInUrl) console.log(`  sign in to act: ${signInUrl}\n  (anyone else who opens the dashboard can only watch)`);
} catch (err) {
  console.error(`peerscope: ${(err as Error).message}`);
  // A part that exited 2 refused a setting (a port in use) and said which: a setting error here too.
  const refusedSetting = err instanceof ConfigError || (err instanceof ExitedBeforeReadyError && err.code === 2);
  await stop(refusedSetting ? 2 : 1);
}
