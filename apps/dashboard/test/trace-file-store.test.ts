import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Delta } from '@peerscope/protocol';
import { createLogger } from '@peerscope/server-kit';
import { NetworkView } from '@peerscope/network-view';
import { openTraceFile } from '../server/trace/file-trace-store.js';
import { TraceRecorder } from '../server/trace/trace-recorder.js';
import { TRACE_DEFAULTS } from '../server/trace/trace-settings.js';

const logger = createLogger('test', 'silent');

/** A trace file of `events` message events, a snapshot every `every`, as the hub writes one. */
async function recordedFile(events: number, every: number): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-file-'));
  const view = new NetworkView();
  let seq = 0;
  const recorder = new TraceRecorder('sess1', () => view.snapshot('sess1', seq), { ...TRACE_DEFAULTS, dir, texts: true, snapshotEvents: every }, logger);
  for (let b = 0; b < events / 10; b++) {
    const batch: Delta[] = [];
    for (let i = 0; i < 10; i++) {
      seq += 1;
      const event = { type: 'message:sent', id: `m${seq}`, from: 'node1', to: 'node2', text: 'hi', at: 1_764_200_000_000 + seq, source: 'node1' } as const;
      view.apply(event);
      batch.push({ seq, event });
    }
    recorder.append(batch);
  }
  await recorder.close();
  return { dir, path: join(dir, readdirSync(dir)[0]!) };
}

/** The first bytes of the line at `offset`. */
function lineAt(path: string, offset: number): string {
  const bytes = Buffer.alloc(40);
  const fd = openSync(path, 'r');
  readSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
  return bytes.toString();
}

test('a replayed file opens from its header and first snapshot, and is indexed whole by its scan', async () => {
  const { dir, path } = await recordedFile(2_000, 300);
  const store = await openTraceFile(path);
  assert.deepEqual(
    store.segments()[0]!.snapshots.map((s) => s.seq),
    [0],
  );
  assert.equal(store.range().lastSeq, 0);
  assert.ok(store.indexed() < 1);
  await store.scan(logger);
  assert.equal(store.indexed(), 1);
  const marks = store.segments()[0]!.snapshots;
  assert.deepEqual(
    marks.map((s) => s.seq),
    [0, 300, 600, 900, 1_200, 1_500, 1_800],
  );
  for (const mark of marks) assert.ok(lineAt(path, mark.offset).startsWith(`{"type":"snapshot","seq":${mark.seq},`));
  assert.deepEqual(store.range(), { ...store.range(), firstSeq: 0, lastSeq: 2_000 });
  rmSync(dir, { recursive: true });
});
