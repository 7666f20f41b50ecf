import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Spawned } from './processes.js';

const COURSE_DIR = fileURLToPath(new URL('./course/', import.meta.url));

/**
 * Whether the course's Flask apps can run here (python3 with flask and requests), or why not.
 * Under CI a missing Flask is a failure (.ci/run installs it), elsewhere a skip with the reason printed.
 */
export function flaskAvailable(): true | { skip: string } {
  const probe = spawnSync('python3', ['-c', 'import flask, requests'], { encoding: 'utf8' });
  if (probe.status === 0) return true;
  const reason = `the course's Flask apps need python3 with flask and requests (python3 -c 'import flask, requests': ${
    probe.error ? probe.error.message : probe.stderr.trim().split('\n').at(-1)
  })`;
  if (process.env.CI === 'true') throw new Error(`${reason}; .ci/run installs python3-flask and python3-requests`);
  console.log(`# skipped: ${reason}`);
  return { skip: reason };
}

/** Runs one of the course's scripts (test/support/course/<script>) with python3, its output kept. */
export function runCourseScript(script: string, args: string[]): Spawned {
  const child = spawn('python3', ['-u', join(COURSE_DIR, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return { child, output: () => output, exited };
}
