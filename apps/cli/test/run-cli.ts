import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** What npm links as `peerscope` (it loads dist/main.js, the build). */
export const CLI_BIN = fileURLToPath(new URL('../bin/peerscope.js', import.meta.url));

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
