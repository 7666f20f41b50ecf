import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_TRACE_LINE_BYTES, PROTOCOL_VERSION, readTrace, TRACE_FORMAT, TraceError, type TraceLine } from '../src/index.js';

const T0 = 1_700_000_000_000;
const header = {
  type: 'header',
  format: TRACE_FORMAT,
  protocol: PROTOCOL_VERSION,
  session: 'abc123',
  startedAt: T0,
  runtime: 'process',
  texts: true,
  segment: 1,
};
/** An empty picture, as NetworkView makes one. */
const picture = {
  epoch: 'abc123',
  seq: 0,
  runtime: null,
  nodes: [],
  links: [],
  messages: [],
  counters: { sent: 0, delivered: 0, failed: 0, received: 0 },
  faults: { partition: null, links: [], paused: [] },
  overlay: { kind: 'full', k: 3, neighbours: {} },
  traffic: { running: false, request: null, startedAt: null, sent: 0, delivered: 0, failed: 0 },
  gossips: [],
  activity: [],
};
const snapshot = { type: 'snapshot', seq: 0, at: T0, snapshot: picture };
const sent = (seq: number) => ({
  type: 'event',
  seq,
  at: T0 + seq,
  event: { type: 'message:sent', id: `m${seq}`, from: 'node1', to: 'node2', text: 'hi', at: T0 + seq, source: 'node1' },
});
const good = [header, snapshot, sent(1), sent(2)].map((line) => JSON.stringify(line)).join('\n') + '\n';

/** Feeds `text` in chunks of `size` bytes, as a file's stream would. */
async function* chunks(text: string | Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(text: string | Uint8Array, options?: Parameters<typeof readTrace>[1]): Promise<TraceLine[]> {
  const lines: TraceLine[] = [];
  for await (const { value } of readTrace(chunks(text), options)) lines.push(value);
  return lines;
}

async function failure(text: string | Uint8Array, options?: Parameters<typeof readTrace>[1]): Promise<TraceError> {
  try {
    await readAll(text, options);
  } catch (err) {
    assert.ok(err instanceof TraceError, `not a TraceError: ${String(err)}`);
    return err;
  }
  assert.fail('the trace was read without an error');
}

test('a good trace reads line by line, whatever the chunk size', async () => {
  for (const size of [1, 3, 64, 1 << 20]) {
    const lines: TraceLine[] = [];
    for await (const { value } of readTrace(chunks(good, size))) lines.push(value);
    assert.deepEqual(
      lines.map((l) => l.type),
      ['header', 'snapshot', 'event', 'event'],
    );
  }
});

test('offsets point at the start of each line', async () => {
  const offsets: number[] = [];
  for await (const { offset } of readTrace(chunks(good))) offsets.push(offset);
  const starts = [0];
  for (let i = 0; i < good.length - 1; i++) if (good[i] === '\n') starts.push(i + 1);
  assert.deepEqual(offsets, starts);
});

test('a file cut short names its last line', async () => {
  const cut = good.slice(0, good.length - 10);
  const error = await failure(cut);
  assert.equal(error.line, 4);
  assert.match(error.reason, /cut short/);
});

test('a malformed line gets its number and the reason', async () => {
  const lines = good.trim().split('\n');
  const error = await failure([...lines.slice(0, 2), '{"type":"event","seq":', ...lines.slice(3)].join('\n') + '\n');
  assert.equal(error.line, 3);
  assert.match(error.reason, /not JSON/);
});

test('wrong types are refused with the field path', async () => {
  const wrong = { ...sent(1), seq: 'one' };
  const error = await failure([header, snapshot, wrong].map((l) => JSON.stringify(l)).join('\n') + '\n');
  assert.equal(error.line, 3);
  assert.match(error.reason, /seq/);
  const unknownEvent = { ...sent(1), event: { type: 'rm -rf', at: T0, source: 'x' } };
  assert.equal((await failure([header, unknownEvent].map((l) => JSON.stringify(l)).join('\n') + '\n')).line, 2);
});

test('the first line must be a header, and only the first', async () => {
  assert.equal((await failure(JSON.stringify(sent(1)) + '\n')).line, 1);
  assert.equal((await failure([header, header].map((l) => JSON.stringify(l)).join('\n') + '\n')).line, 2);
  // A reader that seeks starts at a snapshot: no header then.
  assert.equal((await readAll([snapshot, sent(1)].map((l) => JSON.stringify(l)).join('\n') + '\n', { fromStart: false })).length, 2);
});

test('a huge line is refused without being held whole', async () => {
  const limit = 4096;
  const huge = `{"type":"event","seq":1,"at":1,"event":{"text":"${'x'.repeat(limit * 10)}"}}\n`;
  const error = await failure(JSON.stringify(header) + '\n' + huge, { maxLineBytes: limit });
  assert.equal(error.line, 2);
  assert.match(error.reason, /longer than 4096 bytes/);
  // No newline at all: refused as soon as the limit is passed, not at the end of the file.
  let fed = 0;
  async function* endless(): AsyncGenerator<Uint8Array> {
    for (;;) {
      fed += 1024;
      yield new Uint8Array(1024).fill(120);
    }
  }
  await assert.rejects(
    async () => {
      for await (const line of readTrace(endless(), { maxLineBytes: limit })) void line;
    },
    (err: unknown) => err instanceof TraceError && err.line === 1,
  );
  assert.ok(fed <= limit + 2048, `read ${fed} bytes before refusing`);
  assert.ok(MAX_TRACE_LINE_BYTES >= 1024 * 1024);
});

test('prototype-pollution keys are refused, and nothing is polluted', async () => {
  const hostile = [
    '{"type":"event","seq":1,"at":1,"event":{"__proto__":{"polluted":true}}}',
    '{"type":"snapshot","seq":0,"at":1,"snapshot":{"constructor":{"prototype":{"polluted":true}}}}',
    '{"__proto__": {"polluted": true}, "type":"event"}',
  ];
  for (const line of hostile) {
    const error = await failure(JSON.stringify(header) + '\n' + line + '\n');
    assert.equal(error.line, 2);
    assert.match(error.reason, /forbidden key/);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // The words themselves inside a text are only text.
  const innocent = { ...sent(1), event: { ...sent(1).event, text: '"__proto__": {"polluted": true}' } };
  const lines = await readAll([header, innocent].map((l) => JSON.stringify(l)).join('\n') + '\n');
  assert.equal(lines.length, 2);
});

test('bytes that are not UTF-8 are refused with their line', async () => {
  const head = new TextEncoder().encode(JSON.stringify(header) + '\n');
  const bad = new Uint8Array([...head, 0xff, 0xfe, 0x0a]);
  const error = await failure(bad);
  assert.equal(error.line, 2);
  assert.match(error.reason, /UTF-8/);
});
