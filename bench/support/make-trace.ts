// Writes a synthetic trace of N events (default 1,000,000) as the hub writes one: a header, the
// picture every 10,000 events, and message events among 50 nodes (sent, received, then delivered
// or now and then failed), with a few node crashes and restarts. The picture is built by the same
// NetworkView as the hub's. Usage: node --import tsx bench/support/make-trace.ts <out> [events]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { NetworkView } from '@peerscope/network-view';
import type { TelemetryEvent } from '@peerscope/protocol';
import { eventLine, headerLine, snapshotLine } from '../../apps/dashboard/server/trace/trace-lines.js';
import { TRACE_DEFAULTS } from '../../apps/dashboard/server/trace/trace-settings.js';

export async function makeTrace(path: string, events: number, nodes = 50): Promise<void> {
  const out = createWriteStream(path);
  const view = new NetworkView();
  const start = Date.UTC(2026, 10, 26, 12, 0, 0);
  let seq = 0;
  let at = start;
  let buffered = '';
  const write = async (text: string) => {
    buffered += text;
    if (buffered.length > 1 << 20) {
      if (!out.write(buffered)) await once(out, 'drain');
      buffered = '';
    }
  };
  const emit = async (event: TelemetryEvent) => {
    seq += 1;
    view.apply(event);
    await write(eventLine({ seq, event }, at, true));
    if (seq % TRACE_DEFAULTS.snapshotEvents === 0) await write(snapshotLine(view.snapshot('bench', seq), at, true));
  };
  await write(headerLine({ session: 'bench', startedAt: start, runtime: 'process', texts: true, segment: 1 }));
  for (let i = 1; i <= nodes; i++) {
    view.apply({
      type: 'node:registered',
      at,
      source: 'bootstrap',
      node: { id: `node${i}`, url: `http://127.0.0.1:${7000 + i}`, kind: 'peerscope', status: 'alive', registeredAt: at, lastSeen: at },
    });
  }
  await write(snapshotLine(view.snapshot('bench', 0), at, true));
  for (let n = 0; seq < events; n++) {
    // About 2,000 events a second of trace time.
    at = start + Math.floor(seq / 2);
    const from = `node${(n % nodes) + 1}`;
    const to = `node${((n * 7 + 3) % nodes) + 1}`;
    const id = `m${n}`;
    const text = `message ${n} from ${from}`;
    await emit({ type: 'message:sent', id, from, to, text, at, source: from });
    if (n % 50 === 49) {
      await emit({ type: 'message:failed', id, from, to, latencyMs: 2000, error: { code: 'timeout', message: 'no answer within 2000 ms' }, at, source: from });
    } else {
      await emit({ type: 'message:received', id, from, to, text, at, source: to });
      await emit({ type: 'message:delivered', id, from, to, latencyMs: 1.5, at, source: from });
    }
    if (n % 20_000 === 10_000) await emit({ type: 'node:status-changed', nodeId: to, status: 'dead', previous: 'alive', at, source: 'bootstrap' });
    if (n % 20_000 === 15_000)
      await emit({
        type: 'node:status-changed',
        nodeId: `node${(((n - 5_000) * 7 + 3) % nodes) + 1}`,
        status: 'alive',
        previous: 'dead',
        at,
        source: 'bootstrap',
      });
  }
  out.end(buffered);
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, count] = process.argv.slice(2);
  if (!path) throw new Error('usage: make-trace.ts <out.ndjson> [events]');
  await makeTrace(path, Number(count ?? 1_000_000));
}
