import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UI_NAMESPACE, type Delta, type TelemetryEvent } from '@peerscope/protocol';
import { Server } from 'socket.io';
import { Encoder, PacketType } from 'socket.io-parser';
import { batchEventLines, batchJsonPieces } from '../server/trace/batch-lines.js';
import { encodedBatchJson, rememberingParser } from '../server/trace/encoded-batches.js';
import { TraceChunks } from '../server/trace/trace-chunks.js';
import { eventLine } from '../server/trace/trace-lines.js';

const AT = 1_764_200_000_000;

function deltas(texts: string[], firstSeq = 1): Delta[] {
  return texts.map((text, i) => {
    const event: TelemetryEvent = { type: 'message:sent', id: `m${i}`, from: 'node1', to: 'node2', text, at: AT - i, source: 'node1' };
    return { seq: firstSeq + i, event };
  });
}

const oneByOne = (batch: Delta[]) => batch.map((d) => eventLine(d, AT, true)).join('');

test('lines made from the batch’s JSON are the lines made one by one, byte for byte', () => {
  const chunks = new TraceChunks();
  const batch = [
    ...deltas(['hello', 'grüße, 世界 🌍', 'quote " and \\ backslash', '},{"seq":7,"event":{"type":"x"}}', ',"event":', ''], 41),
    { seq: 47, event: { type: 'node:stopping', nodeId: 'node3', at: AT, source: 'hub' } } as Delta,
  ];
  const bytes = batchEventLines(batchJsonPieces(batch), batch, AT, chunks);
  assert.ok(bytes);
  assert.equal(Buffer.concat(bytes).toString('utf8'), oneByOne(batch));
  // The next batch goes after it in the same chunk, leaving the first as it was.
  const more = deltas(['next'], 48);
  const after = batchEventLines(batchJsonPieces(more), more, AT, chunks);
  assert.equal(after && Buffer.concat(after).toString('utf8'), oneByOne(more));
  assert.equal(Buffer.concat(bytes).toString('utf8'), oneByOne(batch));
});

test('JSON that is not the batch as expected gives no lines (the recorder then writes them one by one)', () => {
  const chunks = new TraceChunks();
  const batch = deltas(['a', 'b']);
  assert.equal(batchEventLines([JSON.stringify(batch.map((d) => ({ event: d.event, seq: d.seq })))], batch, AT, chunks), undefined);
  assert.equal(batchEventLines(batchJsonPieces(batch.slice(0, 1)), batch, AT, chunks), undefined);
  assert.equal(batchEventLines(batchJsonPieces(batch), batch.slice(0, 1), AT, chunks), undefined);
  assert.equal(batchEventLines(batchJsonPieces(deltas(['a', 'b'], 5)), batch, AT, chunks), undefined);
  // An event holding a look-alike of a delta boundary outside any string.
  const nested = [
    {
      seq: 1,
      event: {
        type: 'faults:changed',
        faults: [
          { seq: 2, event: 1 },
          { seq: 3, event: 2 },
        ],
      },
    },
  ] as unknown as Delta[];
  assert.equal(batchEventLines([JSON.stringify(nested)], nested, AT, chunks), undefined);
  assert.equal(chunks.text('x').toString(), 'x');
});

test('batches of many pieces, and larger than a chunk, are written whole; filled chunks are filled again once recycled', () => {
  const chunks = new TraceChunks();
  const batch = deltas(Array.from({ length: 6_000 }, (_, i) => `a long message ${i} `.repeat(40)));
  assert.ok(batchJsonPieces(batch).length > 1);
  const bytes = batchEventLines(batchJsonPieces(batch), batch, AT, chunks);
  assert.ok(bytes);
  assert.ok(
    bytes.some((b) => b.buffer !== bytes[0]!.buffer),
    'the lines fill the chunks in turn',
  );
  assert.equal(Buffer.concat(bytes).toString('utf8'), oneByOne(batch));
  // 1 MB texts take 3 MB of room each (UTF-8 at its widest): two fill a 4 MB chunk, the third begins another.
  const fresh = new TraceChunks();
  const mb = (c: string) => fresh.text(c.repeat(1024 * 1024));
  const filled = [mb('a'), mb('b'), mb('c')];
  assert.notEqual(filled[2]!.buffer, filled[0]!.buffer);
  fresh.recycle();
  mb('d');
  const reused = mb('e');
  assert.equal(reused.buffer, filled[0]!.buffer);
  assert.equal(reused.toString(), 'e'.repeat(1024 * 1024));
});

test('the parser remembers the text Socket.IO made of each deltas batch, and only of those', () => {
  const io = new Server({ serveClient: false, parser: rememberingParser });
  const batch = deltas(['hello', 'grüße']);
  io.of(UI_NAMESPACE).emit('network:deltas', batch);
  assert.deepEqual(encodedBatchJson(batch), [JSON.stringify(batch)]);
  const other = deltas(['x']);
  io.of(UI_NAMESPACE).emit('network:something-else', other);
  io.of('/ingest').emit('network:deltas', other);
  assert.equal(encodedBatchJson(other), undefined);
  assert.equal(encodedBatchJson(deltas(['never sent'])), undefined);
  // What goes on the wire is what Socket.IO's own encoder makes.
  for (const sent of [batch, deltas(Array.from({ length: 200 }, (_, i) => `m ${i}`)), []]) {
    const packet = { type: PacketType.EVENT, nsp: UI_NAMESPACE, data: ['network:deltas', sent] };
    assert.deepEqual(new rememberingParser.Encoder().encode(packet), new Encoder().encode(packet));
  }
});
