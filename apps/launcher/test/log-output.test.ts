import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logFormatFor, PrettyLines } from '../src/log-output.js';

/** What `chunks` become through a PrettyLines. */
async function through(chunks: string[]): Promise<string> {
  const stream = new PrettyLines();
  let out = '';
  stream.on('data', (data: Buffer) => (out += data.toString()));
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await new Promise((resolve) => stream.on('end', resolve));
  return out;
}

const REGISTRY_LINE =
  '{"level":30,"time":1795818889424,"pid":18348,"name":"bootstrap","type":"status-changed","nodeId":"node2","status":"dead","cause":"probe-refused","msg":"registry"}';

test("pino's JSON lines become one readable line each; other lines pass as they are", async () => {
  const out = await through([`${REGISTRY_LINE}\n`, '✓ Running next.config.ts took 37ms\n', '{not json\n']);
  const lines = out.split('\n');
  assert.match(
    lines[0]!,
    /^\[\d\d:\d\d:\d\d\] INFO \(bootstrap\): registry \{"type":"status-changed","nodeId":"node2","status":"dead","cause":"probe-refused"\}$/,
  );
  assert.doesNotMatch(lines[0]!, /pid|18348/);
  assert.equal(lines[1], '✓ Running next.config.ts took 37ms');
  assert.equal(lines[2], '{not json');
  assert.equal(lines.length, 4, 'three lines and the last newline');
});

test('a line cut across chunks is put together first; a last line without a newline is not lost', async () => {
  const cut = Math.floor(REGISTRY_LINE.length / 2);
  const out = await through([REGISTRY_LINE.slice(0, cut), `${REGISTRY_LINE.slice(cut)}\nlast words`]);
  assert.match(out, /^\[\d\d:\d\d:\d\d\] INFO \(bootstrap\): registry \{.*\}\nlast words\n$/);
});

test('readable at a terminal, JSON into a file or a pipe, unless PEERSCOPE_LOG_FORMAT says', () => {
  assert.equal(logFormatFor(undefined, true), 'pretty');
  assert.equal(logFormatFor(undefined, false), 'json');
  assert.equal(logFormatFor(undefined, undefined), 'json');
  assert.equal(logFormatFor('json', true), 'json');
  assert.equal(logFormatFor('pretty', false), 'pretty');
});
