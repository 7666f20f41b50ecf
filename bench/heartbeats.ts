// Rough cost of membership in the bootstrap at scale (see bench/README.md, "Membership at scale"):
// a real bootstrap process, N fake members (each a tiny HTTP server the bootstrap may probe, and
// a kept-alive connection that heartbeats every second). Prints the time to register all N, then
// the bootstrap's CPU per heartbeat, with versioned heartbeats (changes only) and without
// (the full list each time, as older nodes ask). Not a benchmark for final figures: one run,
// on whatever else the machine is doing.
//   node --import tsx bench/heartbeats.ts   (BENCH_MEMBERS=1000 BENCH_SECONDS=10 BENCH_MODES=versioned,full BENCH_CPU_PROF=1)
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { HeartbeatResponse, RegisterResponse } from '@peerscope/protocol';
import { Pool } from 'undici';
import { freePort } from './lib/children.js';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ADMIN = 'bench-heartbeats-admin-token';
const TOKEN = 'bench-heartbeats-control-token';

/** CPU time (user + system) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const [utime, stime] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number);
  return ((utime! + stime!) * 1000) / 100;
}

async function main(): Promise<void> {
  const port = await freePort();
  const bootstrap = fork('apps/bootstrap/dist/main.js', ['--port', String(port), '--nodes', '0'], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PEERSCOPE_ADMIN_TOKEN: ADMIN,
      PEERSCOPE_NODE_REGISTER_RATE: '100000',
      PEERSCOPE_DATA_DIR: '/tmp/peerscope-bench-heartbeats',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // BENCH_CPU_PROF=1 writes the bootstrap's profile under bench/results (ignored by git).
    execArgv: process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=bench/results'] : [],
  });
  const servers: Server[] = [];
  try {
    await new Promise((resolve) => bootstrap.on('message', (m: { type?: string }) => m.type === 'ready' && resolve(undefined)));
    const base = `http://127.0.0.1:${port}`;
    const pool = new Pool(base, { connections: MEMBERS, pipelining: 1 });
    const post = async <T>(path: string, body?: unknown) => {
      const response = await pool.request({
        path,
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.statusCode, body: (await response.body.json()) as T };
    };

    // Members: a server each (for the bootstrap's probes), then all register at once.
    const urls = await Promise.all(
      Array.from({ length: MEMBERS }, async (_, i) => {
        const server = createServer((_req, res) => res.end(JSON.stringify({ id: `m${i}` })));
        servers.push(server);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      }),
    );
    const cpuBeforeJoin = cpuMs(bootstrap.pid!);
    const joinStart = performance.now();
    const held = await Promise.all(urls.map((url, i) => post<RegisterResponse>('/register', { url, id: `m${i}`, controlToken: TOKEN }).then((r) => r.body)));
    const joinMs = performance.now() - joinStart;
    console.log(`register ${MEMBERS}: ${joinMs.toFixed(0)} ms wall, ${(cpuMs(bootstrap.pid!) - cpuBeforeJoin).toFixed(0)} ms bootstrap CPU`);

    const modes = (process.env.BENCH_MODES ?? 'versioned,full').split(',');
    for (const versioned of modes.map((mode) => mode === 'versioned')) {
      let beats = 0;
      let bytes = 0;
      let stop = false;
      const beatLoop = async (i: number) => {
        await sleep(Math.random() * 1_000);
        while (!stop) {
          const h = held[i]!;
          const query = versioned ? `?epoch=${h.epoch}&version=${h.version}&overlayVersion=${h.overlayVersion}` : '';
          const answer = await post<HeartbeatResponse>(`/nodes/m${i}/heartbeat${query}`);
          bytes += JSON.stringify(answer.body).length;
          beats++;
          if (versioned) Object.assign(h, { version: answer.body.version, overlayVersion: answer.body.overlayVersion, epoch: answer.body.epoch });
          await sleep(1_000);
        }
      };
      const loops = held.map((_, i) => beatLoop(i));
      await sleep(2_000);
      const [cpu0, beats0, bytes0, t0] = [cpuMs(bootstrap.pid!), beats, bytes, performance.now()];
      await sleep(SECONDS * 1_000);
      const [cpu1, beats1, bytes1, t1] = [cpuMs(bootstrap.pid!), beats, bytes, performance.now()];
      stop = true;
      await Promise.all(loops);
      const n = beats1 - beats0;
      console.log(
        `${versioned ? 'versioned  ' : 'full list  '} ${(n / ((t1 - t0) / 1000)).toFixed(0)} heartbeats/s, bootstrap ${((100 * (cpu1 - cpu0)) / (t1 - t0)).toFixed(1)}% of a core, ` +
          `${((1000 * (cpu1 - cpu0)) / n).toFixed(0)} µs CPU per heartbeat, ${((bytes1 - bytes0) / n).toFixed(0)} B per answer`,
      );
    }
    const stats = await (await fetch(`${base}/api/membership`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
    console.log('detector', JSON.stringify(stats));
    await pool.close();
  } finally {
    bootstrap.kill('SIGTERM');
    for (const server of servers) server.close();
  }
}

await main();
