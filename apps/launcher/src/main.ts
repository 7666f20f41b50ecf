#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { printBanner, resolveToken } from '@peerscope/bootstrap';
import { StartNodesResponseSchema } from '@peerscope/protocol';
import { ConfigError } from '@peerscope/server-kit';
import { killChildren, startChild, stopChildren, STOP_GRACE_MS, type Child } from './children.js';
import { loadLauncherConfig } from './config.js';
import { ensureDashboardBuilt } from './dashboard-build.js';

const children: Child[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  stopping = true;
  const killed = await stopChildren(children);
  for (const name of killed) console.error(`peerscope: the ${name} did not stop within ${STOP_GRACE_MS / 1000} s; killed it`);
  process.exit(code);
}

try {
  const config = loadLauncherConfig();
  const admin = resolveToken(process.env.PEERSCOPE_ADMIN_TOKEN, config.dataDir, 'admin-token');
  const cluster = resolveToken(process.env.PEERSCOPE_CLUSTER_TOKEN, config.dataDir, 'cluster-token');
  const dashboardUrl = `http://127.0.0.1:${config.dashboardPort}`;
  const shared = { PEERSCOPE_ADMIN_TOKEN: admin.value, PEERSCOPE_CLUSTER_TOKEN: cluster.value, PEERSCOPE_DATA_DIR: config.dataDir };

  // A second Ctrl-C does not wait out the grace period: what is left is killed at once.
  const onSignal = () => (stopping ? killChildren(children) : void stop(0));
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // The network first: it needs no dashboard, and its telemetry waits until the hub is up.
  const bootstrapEntry = fileURLToPath(import.meta.resolve('@peerscope/bootstrap/main'));
  const bootstrap = await startChild(
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
      ...(!config.noDashboard && { PEERSCOPE_HUB_URL: dashboardUrl }),
    },
  );
  children.push(bootstrap.child);
  const bootstrapUrl = String(bootstrap.ready.bootstrapUrl);

  let dashboardReadyUrl: string | undefined;
  let signInUrl: string | undefined;
  if (!config.noDashboard) {
    const serverEntry = fileURLToPath(import.meta.resolve('@peerscope/dashboard/server'));
    ensureDashboardBuilt(join(dirname(serverEntry), '..', '..'), (line) => console.log(line));
    // The build blocks: a Ctrl-C that came meanwhile is handled now, and no dashboard joins the stop it began.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) await new Promise<never>(() => {});
    const dashboard = await startChild('dashboard', serverEntry, ['--port', String(config.dashboardPort)], {
      ...shared,
      PEERSCOPE_BOOTSTRAP_URL: bootstrapUrl,
    });
    children.push(dashboard.child);
    dashboardReadyUrl = String(dashboard.ready.url);
    if (typeof dashboard.ready.signInUrl === 'string') signInUrl = dashboard.ready.signInUrl;
  }

  printBanner({
    bootstrapUrl,
    runtime: config.runtime,
    admin,
    nodes: StartNodesResponseSchema.shape.nodes.parse(bootstrap.ready.nodes),
    dashboardUrl: dashboardReadyUrl,
  });
  // The dashboard listens beyond loopback: others may watch, acting needs this link (or the password).
  if (signInUrl) console.log(`  sign in to act: ${signInUrl}\n  (anyone else who opens the dashboard can only watch)`);
  for (const child of children) {
    void child.exited.then((code) => {
      if (stopping) return;
      console.error(`peerscope: the ${child.name} exited (code ${String(code)}); stopping everything`);
      void stop(1);
    });
  }
} catch (err) {
  console.error(`peerscope: ${(err as Error).message}`);
  await stop(err instanceof ConfigError ? 2 : 1);
}
