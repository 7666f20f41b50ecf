import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../test/support/ports.js';
import { spawnEntry, type Spawned } from '../../../test/support/processes.js';
import { waitFor } from '../../../test/support/wait.js';

/** What npm links as `peerscope` (it loads dist/main.js, the build). */
export const CLI_BIN = fileURLToPath(new URL('../bin/peerscope.js', import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../../launcher/dist/main.js', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a person's shell would have, without any peerscope setting of this test process. */
function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PEERSCOPE_')));
  return { ...base, ...env };
}

/** Runs `peerscope <args>` to its end. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = startCli(args, env);
  const [code] = (await once(child.process, 'exit')) as [number | null];
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

/** Starts `peerscope <args>` and keeps what it prints (for `watch`). */
export function startCli(args: string[], env: Record<string, string>): { process: ChildProcess; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return { process: child, stdout: () => stdout, stderr: () => stderr };
}

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
