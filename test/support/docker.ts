import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Docker from 'dockerode';

const run = promisify(execFile);

/** The engine, or why it cannot be used. Under CI a missing engine is a failure, elsewhere a skip. */
export async function dockerEngine(): Promise<{ docker: Docker } | { skip: string }> {
  const docker = new Docker();
  try {
    await docker.ping();
    return { docker };
  } catch (err) {
    const reason = `no Docker engine answers (${(err as Error).message}); start dockerd to run these tests`;
    if (process.env.CI === 'true') throw new Error(reason, { cause: err });
    console.log(`# skipped: ${reason}`);
    return { skip: reason };
  }
}

/** `docker compose` where the plugin exists, else the standalone `docker-compose`. */
let composeCommand: string[] | undefined;
export async function compose(args: string[], env: Record<string, string>, timeoutMs = 600_000): Promise<string> {
  composeCommand ??= await run('docker', ['compose', 'version']).then(
    () => ['docker', 'compose'],
    () => ['docker-compose'],
  );
  const [command, ...prefix] = composeCommand;
  const baseImage = process.env.PEERSCOPE_BASE_IMAGE ?? (await localBaseImage());
  const { stdout } = await run(command!, [...prefix, ...args], {
    env: { ...process.env, ...(baseImage && { PEERSCOPE_BASE_IMAGE: baseImage }), ...env },
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** With no registry to pull the official image from, the one docker/local-base-image.sh made. */
async function localBaseImage(): Promise<string | undefined> {
  const tag = 'peerscope/node-base:local';
  return (await new Docker()
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    ))
    ? tag
    : undefined;
}
