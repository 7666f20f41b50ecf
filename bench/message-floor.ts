// What two HTTP exchanges per message cost a Node.js process on this machine, with nothing of
// peerscope's: the floor under bench:hub's `traffic` run on pooled nodes (issue 10's "node CPU per
// message"). Ten bare relay servers in one process; random pairs at a fixed rate, as the traffic
// generator sends them; the process's CPU per message. Three relays, one after the other: node:http
// servers and clients (bare-relay.ts), node:http servers with the undici client a node posts with
// (undici-relay.ts), then the same bytes over raw sockets with no HTTP code at all (tcp-relay.ts):
// the kernel's and libuv's share. See bench/README.md, "The cost of a message".
import { fork } from 'node:child_process';
import { Pool } from 'undici';
import { cpuMeter } from './lib/cpu.js';
import { load1, machine, machineLine, waitForQuiet } from './support/machine.js';
import { envInt, repo } from './support/system.js';

const SERVERS = envInt('BENCH_NODES', 10);
const RATE = envInt('BENCH_RATE', 1_000);
const DURATION_MS = envInt('BENCH_DURATION_MS', 10_000);
const IN_FLIGHT = 128; // the traffic generator's own bound
// HTTP/1.1 pipelining, tried to see whether more requests per read lower the floor: past 1, the
// bench's pools and the undici relay's agent keep 2 connections per origin with this many
// requests in flight on each (node:http's client cannot pipeline). 1 (default): no pipelining.
const PIPELINING = envInt('BENCH_PIPELINING', 1);
const pipelined = PIPELINING > 1 ? { connections: 2, pipelining: PIPELINING } : { connections: IN_FLIGHT };
const ALL_RELAYS = [
  { name: 'node:http', file: 'bench/servers/bare-relay.ts' },
  { name: 'node:http, undici client', file: 'bench/servers/undici-relay.ts' },
  { name: 'raw TCP', file: 'bench/servers/tcp-relay.ts' },
];
// `BENCH_RELAYS=undici,tcp` runs only the relays whose file names hold one of these words.
const only = process.env.BENCH_RELAYS?.split(',').filter(Boolean);
const RELAYS = only ? ALL_RELAYS.filter((relay) => only.some((word) => relay.file.includes(word))) : ALL_RELAYS;

const pipeline = PIPELINING > 1 ? `, pipelining ${PIPELINING} on 2 connections per origin` : '';
console.log(`message-floor: ${machineLine(machine())}; ${SERVERS} relay servers in one process, ${RATE} msgs/s for ${DURATION_MS / 1_000} s${pipeline}`);
for (const relay of RELAYS) await measure(relay.name, relay.file);

async function measure(name: string, file: string): Promise<void> {
  const child = fork(repo(file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, RELAY_SERVERS: String(SERVERS), RELAY_PIPELINING: String(PIPELINING) },
  });
  try {
    const ports = await new Promise<number[]>((resolve, reject) => {
      child.once('message', (m: { ports: number[] }) => resolve(m.ports));
      child.once('exit', () => reject(new Error('the relay process exited before it was ready')));
    });
    const pools = ports.map((port) => new Pool(`http://127.0.0.1:${port}`, pipelined));
    const sendOne = async () => {
      const from = Math.floor(Math.random() * SERVERS);
      let to = Math.floor(Math.random() * SERVERS);
      while (to === from) to = Math.floor(Math.random() * SERVERS);
      const { body } = await pools[from]!.request({
        path: '/send',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: ports[to] }),
      });
      return ((await body.json()) as { status: string }).status === 'delivered';
    };
    for (let i = 0; i < 500; i++) await sendOne(); // warm: connections open, code optimised
    const quiet = await waitForQuiet(`message floor, ${name}`);
    const meter = cpuMeter(child.pid!);
    const loadBefore = load1();
    meter.start();
    let sent = 0;
    let delivered = 0;
    let inFlight = 0;
    const started = performance.now();
    while (performance.now() - started < DURATION_MS) {
      const due = Math.floor(((performance.now() - started) / 1_000) * RATE) + 1;
      while (sent < due && inFlight < IN_FLIGHT) {
        sent += 1;
        inFlight += 1;
        void sendOne().then(
          (ok) => ((delivered += ok ? 1 : 0), (inFlight -= 1)),
          () => (inFlight -= 1),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const cpuMs = meter.stop() ?? NaN;
    const seconds = (performance.now() - started) / 1_000;
    console.log(`${name}: load ${loadBefore} → ${load1()}; other work ${quiet.otherPercent ?? '?'}% of a core before`);
    console.log(`  ${sent} messages in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s), ${delivered} delivered`);
    console.log(`  relay process CPU: ${Math.round((cpuMs / 10 / seconds) * 10) / 10}% of a core, ${Math.round((cpuMs * 1_000) / sent)} µs per message`);
    await Promise.all(pools.map((pool) => pool.close()));
  } finally {
    child.kill();
  }
}
