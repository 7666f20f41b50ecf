import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';
import { spawnEntry, type Spawned } from './processes.js';
import { waitFor } from './wait.js';

const LAUNCHER = fileURLToPath(new URL('../../apps/launcher/dist/main.js', import.meta.url));

export interface Lab extends Spawned {
  bootstrapUrl: string;
  dashboardUrl: string;
  dataDir: string;
  adminToken: string;
  /** The environment that points the command line at this lab (the token it finds in the data folder). */
  cliEnv: Record<string, string>;
}

/** `npm start`'s launcher with 3 nodes on free ports and its own data folder; resolves once its banner is out. */
export async function startLab(): Promise<Lab> {
  const [bootstrapPort, dashboardPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'peerscope-cli-'));
  const run = spawnEntry(LAUNCHER, ['--port', String(bootstrapPort), '--dashboard-port', String(dashboardPort), '--nodes', '3'], {
    PEERSCOPE_DATA_DIR: dataDir,
  });
  await waitFor('the launcher banner', () => run.output().includes('Ctrl-C stops everything'), 180_000, 100);
  const bootstrapUrl = `http://127.0.0.1:${bootstrapPort}`;
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  return {
    ...run,
    bootstrapUrl,
    dashboardUrl,
    dataDir,
    adminToken: readFileSync(join(dataDir, 'admin-token'), 'utf8').trim(),
    cliEnv: { PEERSCOPE_BOOTSTRAP_URL: bootstrapUrl, PEERSCOPE_DASHBOARD_URL: dashboardUrl, PEERSCOPE_DATA_DIR: dataDir },
  };
}
