import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readTrace, type Delta, type TraceLine } from '@peerscope/protocol';
import { createLogger } from '@peerscope/server-kit';
import { NetworkView } from '@peerscope/network-view';
import { TraceRecorder } from '../server/trace/trace-recorder.js';
import { TRACE_DEFAULTS } from '../server/trace/trace-settings.js';

const logger = createLogger('test', 'silent');

/** A hub's worth of state: a picture and its seq, fed the deltas the recorder is given. */
function hubLike() {
  const view = new NetworkView();
  let seq = 0;
  return {
    picture: () => view.snapshot('sess1', seq),
    batch(count: number, text = 'hello'): Delta[] {
      const deltas: Delta[] = [];
      for (let i = 0; i < count; i++) {
        seq += 1;
        const event = { type: 'message:sent', id: `m${seq}`, from: 'node1', to: 'node2', text, at: Date.now(), source: 'node1' } as const;
        view.apply(event);
        deltas.push({ seq, event });
      }
      return deltas;
    },
  };
}

async function readFile(path: string): Promise<TraceLine[]> {
  const lines: TraceLine[] = [];
  for await (const { value } of readTrace(createReadStream(path))) lines.push(value);
  return lines;
}

test('every event is written once, in order, after a header and a snapshot, and snapshots follow now and then', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-'));
  const hub = hubLike();
  const recorder = new TraceRecorder('sess1', hub.picture, { ...TRACE_DEFAULTS, dir, texts: true, snapshotEvents: 25 }, logger);
  for (let i = 0; i < 10; i++) recorder.append(hub.batch(10));
  await recorder.close();
  const files = readdirSync(dir);
  assert.equal(files.length, 1);
  const lines = await readFile(join(dir, files[0]!));
  assert.equal(lines[0]!.type, 'header');
  assert.equal(lines[1]!.type, 'snapshot');
  const seqs = lines.flatMap((l) => (l.type === 'event' ? [l.seq] : []));
  assert.deepEqual(
    seqs,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
  const snapshots = lines.flatMap((l) => (l.type === 'snapshot' ? [l.seq] : []));
  assert.deepEqual(snapshots, [0, 30, 60, 90]);
  // The index the recorder keeps points at those lines.
  assert.deepEqual(
    recorder.segments()[0]!.snapshots.map((s) => s.seq),
    snapshots,
  );
  assert.deepEqual(recorder.range(), { ...recorder.range(), firstSeq: 0, lastSeq: 100 });
  rmSync(dir, { recursive: true });
});

test('segments rotate at their size and only the last ones are kept; each begins with a header and a snapshot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-'));
  const hub = hubLike();
  const recorder = new TraceRecorder('sess1', hub.picture, { ...TRACE_DEFAULTS, dir, texts: true, segmentBytes: 20_000, keepSegments: 3 }, logger);
  for (let i = 0; i < 40; i++) {
    recorder.append(hub.batch(20));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await recorder.close();
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 3);
  assert.deepEqual(
    recorder.segments().map((s) => s.path.split('/').at(-1)),
    files,
  );
  let previous = 0;
  for (const file of files) {
    const lines = await readFile(join(dir, file));
    assert.equal(lines[0]!.type, 'header');
    assert.equal(lines[1]!.type, 'snapshot');
    // A segment's first snapshot is the picture after the last event of the one before.
    const opening = lines[1]!;
    if (previous) assert.equal(opening.type === 'snapshot' && opening.seq, previous);
    const seqs = lines.flatMap((l) => (l.type === 'event' ? [l.seq] : []));
    if (seqs.length === 0) continue;
    if (previous) assert.equal(seqs[0], previous + 1);
    previous = seqs.at(-1)!;
  }
  assert.equal(previous, 800);
  rmSync(dir, { recursive: true });
});

test('with texts off, no message text reaches the disk, and the hub’s own events keep theirs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-'));
  const hub = hubLike();
  const recorder = new TraceRecorder('sess1', hub.picture, { ...TRACE_DEFAULTS, dir, texts: false, snapshotEvents: 5 }, logger);
  const batch = hub.batch(10, 'secret words');
  recorder.append(batch);
  await recorder.close();
  const lines = await readFile(join(dir, readdirSync(dir)[0]!));
  assert.equal((lines[0] as { texts: boolean }).texts, false);
  assert.ok(!JSON.stringify(lines).includes('secret'));
  assert.equal((batch[0]!.event as { text: string }).text, 'secret words');
  rmSync(dir, { recursive: true });
});

test('recording stopped and restarted: nothing is written meanwhile, and the restart begins with a snapshot of the picture then', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-trace-'));
  const hub = hubLike();
  const recorder = new TraceRecorder('sess1', hub.picture, { ...TRACE_DEFAULTS, dir, texts: true }, logger);
  recorder.append(hub.batch(5));
  const cpu = recorder.recording().cpuMs;
  recorder.setRecording(false);
  recorder.setRecording(false);
  assert.deepEqual(recorder.recording(), { recording: false, cpuMs: cpu });
  recorder.append(hub.batch(5));
  assert.deepEqual(recorder.recording(), { recording: false, cpuMs: cpu });
  recorder.setRecording(true);
  recorder.setRecording(true);
  assert.equal(recorder.recording().recording, true);
  recorder.append(hub.batch(5));
  assert.ok(recorder.recording().cpuMs >= cpu);
  await recorder.close();
  const lines = await readFile(join(dir, readdirSync(dir)[0]!));
  assert.deepEqual(
    lines.map((l) => (l.type === 'header' ? 'header' : `${l.type} ${l.seq}`)),
    ['header', 'snapshot 0', 'event 1', 'event 2', 'event 3', 'event 4', 'event 5', 'snapshot 10', 'event 11', 'event 12', 'event 13', 'event 14', 'event 15'],
  );
  assert.deepEqual(
    recorder.segments()[0]!.snapshots.map((s) => s.seq),
    [0, 10],
  );
  rmSync(dir, { recursive: true });
});
