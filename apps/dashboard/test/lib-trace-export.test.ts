import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { readTrace, type Delta, type TraceLine } from '@peerscope/protocol';
import { createLogger } from '@peerscope/server-kit';
import { NetworkView } from '@peerscope/network-view';
import { wholeTrace } from '../lib/server/trace-export.js';
import { TraceRecorder } from '../server/trace/trace-recorder.js';
import { TRACE_DEFAULTS } from '../server/trace/trace-settings.js';

const logger = createLogger('test', 'silent');

/** The lines a client reads from the export (strings go out as UTF-8, as `bodyOf` sends them). */
async function linesOf(chunks: AsyncGenerator<Uint8Array | string>): Promise<TraceLine[]> {
  const bytes = Readable.from(chunks).map((chunk: Uint8Array | string) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  const lines: TraceLine[] = [];
  for await (const { value } of readTrace(bytes)) lines.push(value);
  return lines;
}

test('the whole trace begins with the header as the hub knows it now, though the first segment was begun before the runtime was known', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-'));
  const view = new NetworkView();
  let seq = 0;
  // Small segments, so the export joins several.
  const recorder = new TraceRecorder(
    'sess1',
    () => view.snapshot('sess1', seq),
    { ...TRACE_DEFAULTS, dir, texts: true, segmentBytes: 4_000, keepSegments: 100 },
    logger,
  );
  const record = (deltas: Delta[]) => recorder.append(deltas);
  const apply = (event: Delta['event']): Delta => (view.apply(event), { seq: ++seq, event });
  record([apply({ type: 'runtime:changed', runtime: 'pool', at: Date.now(), source: 'hub' })]);
  for (let i = 0; i < 60; i++) {
    record([apply({ type: 'message:sent', id: `m${i}`, from: 'node1', to: 'node2', text: 'hello there', at: Date.now(), source: 'node1' })]);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await recorder.close();
  assert.ok(recorder.segments().length >= 2, 'the trace spans several segments');

  const lines = await linesOf(wholeTrace(recorder));
  assert.deepEqual(lines[0], { ...lines[0], type: 'header', runtime: 'pool', segment: 1 });
  assert.equal(lines.filter((l) => l.type === 'header').length, 1, 'one header, at the top');
  assert.deepEqual(
    lines.flatMap((l) => (l.type === 'event' ? [l.seq] : [])),
    Array.from({ length: 61 }, (_, i) => i + 1),
  );
  rmSync(dir, { recursive: true });
});
