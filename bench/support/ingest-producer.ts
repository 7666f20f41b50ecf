// A synthetic reporter for bench/hub-throughput.ts, in its own process: connects to the hub's
// `/ingest` namespace with the cluster token and replays valid message events (sent, received,
// delivered per message, between real node ids) as fast as the hub takes them. The parent paces
// it with `pause` / `resume` (its backlog as the subscribers see it); the socket's own send
// buffer paces it too. Or it produces at a steady rate, as a busy network would. Settings come from the environment, commands over IPC.
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeReports, INGEST_NAMESPACE, type ReportedEvent } from '@peerscope/protocol';
import { io } from 'socket.io-client';

const hubUrl = process.env.PRODUCER_HUB_URL!;
const token = process.env.PRODUCER_TOKEN!;
const source = process.env.PRODUCER_SOURCE ?? 'bench-producer';
const nodeIds = (process.env.PRODUCER_NODE_IDS ?? 'node1,node2').split(',');
const reportSize = Number(process.env.PRODUCER_REPORT_SIZE ?? 99);
/** `full`: sent, received, delivered per message (the page animates it); `no-outcome`: sent and received only (no animation). */
const mix = process.env.PRODUCER_MIX === 'no-outcome' ? 'no-outcome' : 'full';
/** The most bytes waiting in the socket before we wait for the hub to read. */
const MAX_BUFFERED = 512 * 1024;

type Command = { type: 'go'; durationMs: number; maxEvents: number; ratePerSecond?: number } | { type: 'pause' } | { type: 'resume' } | { type: 'exit' };

let paused = false;
let produced = 0;
let counter = 0;
const send = (message: object) => process.send?.(message);

const socket = io(new URL(INGEST_NAMESPACE, hubUrl).href, { auth: { token, source }, transports: ['websocket'], reconnection: false });
socket.on('connect', () => send({ type: 'ready' }));
socket.on('connect_error', (err) => {
  send({ type: 'error', message: err.message });
  process.exit(1);
});

process.on('message', (command: Command) => {
  if (command.type === 'pause') paused = true;
  else if (command.type === 'resume') paused = false;
  else if (command.type === 'go') void run(command.durationMs, command.maxEvents, command.ratePerSecond);
  else if (command.type === 'exit') {
    socket.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

function report(): ReportedEvent[] {
  const events: ReportedEvent[] = [];
  const at = Date.now();
  const perMessage = mix === 'full' ? 3 : 2;
  while (events.length + perMessage <= reportSize) {
    counter += 1;
    const id = `${source}-${counter}`;
    const from = nodeIds[counter % nodeIds.length]!;
    const to = nodeIds[(counter + 1 + (counter % (nodeIds.length - 1))) % nodeIds.length]!;
    events.push(
      { type: 'message:sent', id, from, to, text: 'hello from the bench', at },
      { type: 'message:received', id, from, to, text: 'hello from the bench', at },
    );
    if (mix === 'full') events.push({ type: 'message:delivered', id, from, to, latencyMs: 1.5, at });
  }
  return events;
}

function buffered(): number {
  const transport = (socket.io.engine as unknown as { transport?: { ws?: { bufferedAmount?: number } } }).transport;
  return transport?.ws?.bufferedAmount ?? 0;
}

/** Produces for `durationMs`, as fast as allowed, or at a steady `ratePerSecond` when given. */
async function run(durationMs: number, maxEvents: number, ratePerSecond?: number): Promise<void> {
  const startedAt = Date.now();
  const until = startedAt + durationMs;
  produced = 0;
  const progress = setInterval(() => send({ type: 'progress', produced }), 25);
  while (Date.now() < until && produced < maxEvents && socket.connected) {
    if (paused || buffered() > MAX_BUFFERED) {
      await sleep(1);
      continue;
    }
    if (ratePerSecond !== undefined && produced + reportSize > ((Date.now() - startedAt) * ratePerSecond) / 1_000) {
      await sleep(2);
      continue;
    }
    const events = report();
    for (const encoded of encodeReports(events)) socket.emit('telemetry:report', encoded);
    produced += events.length;
    // Let the socket write and IPC commands arrive.
    await new Promise((resolve) => setImmediate(resolve));
  }
  clearInterval(progress);
  send({ type: 'done', produced });
}
