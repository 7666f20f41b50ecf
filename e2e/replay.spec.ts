import assert from 'node:assert/strict';
import { expect, test } from '@playwright/test';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTrace } from '../bench/support/make-trace.js';
import { parseShiviz } from '../packages/trace/test/shiviz-parser.js';

// `npm run replay`'s server, alone on port 0 (beside, not through, the system the suite starts),
// serving a trace made here: the page and the routes answer from that file, with no hub, bootstrap or token.
const dir = mkdtempSync(join(tmpdir(), 'peerscope-replay-'));
const trace = join(dir, 'trace.ndjson');
let server: ChildProcess;
let url = '';

test.beforeAll(async () => {
  test.setTimeout(120_000);
  await makeTrace(trace, 60_000, 5);
  server = fork(fileURLToPath(new URL('../apps/dashboard/dist/server/replay.js', import.meta.url)), [trace, '--port', '0'], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  url = await new Promise<string>((resolve, reject) => {
    server.once('message', (m: { url: string }) => resolve(m.url));
    server.once('exit', (code) => reject(new Error(`the replay server exited (${code})`)));
  });
});

test.afterAll(() => {
  server?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('the page opens the served trace at once and the slider reaches its end', async ({ page }) => {
  await page.goto(url);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText('Trace');
  await expect(page.getByRole('status', { name: 'Trace position' })).toHaveAttribute('data-position', '0');
  await expect(page.getByRole('slider', { name: 'Trace slider' })).toBeEnabled({ timeout: 30_000 });
  const last = Number(await page.getByRole('slider', { name: 'Trace slider' }).getAttribute('max'));
  await page.getByRole('slider', { name: 'Trace slider' }).fill(String(last));
  await expect(page.getByRole('status', { name: 'Trace position' })).toHaveAttribute('data-position', String(last), { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Back to live' })).toHaveCount(0);
  // Nothing here acts on a network: no guide to "press Random traffic", and a 24-hour clock as elsewhere.
  await expect(page.getByText('Your first minute')).toHaveCount(0);
  await expect(page.getByRole('status', { name: 'Trace position' })).toHaveText(/ \d\d:\d\d:\d\d$/);
});

type Index = { lastSeq: number; snapshots: Array<{ seq: number }>; indexed?: number };

/** The index once the server has scanned the whole file (it listens before: the first picture needs only the file's beginning). */
async function wholeIndex(): Promise<Index> {
  for (;;) {
    const index = (await (await fetch(`${url}/api/trace/index`)).json()) as Index;
    if (index.indexed === undefined) return index;
    assert.ok(index.indexed >= 0 && index.indexed < 1 && index.snapshots[0]?.seq === 0, JSON.stringify(index));
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('the index is served from the trace', async () => {
  const index = await wholeIndex();
  // make-trace stops after the message that reaches the count: a few events past it.
  assert.ok(index.lastSeq >= 60_000 && index.lastSeq < 60_005, String(index.lastSeq));
  assert.deepEqual(
    index.snapshots.map((s) => s.seq),
    [0, 25_000, 50_000],
  );
});

test('GET /api/trace is the file; a range starts at the snapshot before it and stops at its end', async () => {
  await wholeIndex();
  assert.equal(await (await fetch(`${url}/api/trace`)).text(), readFileSync(trace, 'utf8'));
  const lines = (await (await fetch(`${url}/api/trace?from=30000&to=30010`)).text()).trim().split('\n');
  const parsed = lines.map((l) => JSON.parse(l) as { type: string; seq?: number });
  assert.deepEqual(
    parsed.slice(0, 2).map((l) => [l.type, l.seq]),
    [
      ['header', undefined],
      ['snapshot', 25_000],
    ],
  );
  assert.equal(parsed.at(-1)!.seq, 30_010);
  assert.equal(parsed.length, 2 + 5_010);
});

test('the ShiViz export parses by its documented format, every receipt after its send', async () => {
  const log = await (await fetch(`${url}/api/trace?format=shiviz&nodes=node1,node2,node3`)).text();
  const events = parseShiviz(log);
  assert.ok(events.length > 1_000);
  assert.deepEqual(new Set(events.map((e) => e.host)), new Set(['node1', 'node2', 'node3']));
  const sends = new Map<string, Record<string, number>>();
  for (const e of events) {
    const sent = / send (m\d+) /.exec(e.event);
    if (sent) sends.set(sent[1]!, e.clock);
    const received = / receive (m\d+) /.exec(e.event);
    const send = received && sends.get(received[1]!);
    if (send) for (const [node, count] of Object.entries(send)) assert.ok((e.clock[node] ?? 0) >= count, `${e.event} after its send`);
  }
});

test('bad queries get a 4xx with a code', async () => {
  const many = Array.from({ length: 101 }, (_, i) => `n${i}`).join(',');
  const tooMany = await fetch(`${url}/api/trace?format=shiviz&nodes=${many}`);
  assert.equal(tooMany.status, 400);
  assert.equal(((await tooMany.json()) as { error: { code: string } }).error.code, 'too_many_trace_nodes');
  const ghost = await fetch(`${url}/api/trace?format=shiviz&nodes=node1,ghost`);
  assert.equal(ghost.status, 404);
  assert.deepEqual(((await ghost.json()) as { error: unknown }).error, { code: 'node_unknown', message: 'no event of ghost in this trace' });
  for (const query of ['format=xml', 'from=-1', 'to=abc']) {
    const answer = await fetch(`${url}/api/trace?${query}`);
    assert.equal(answer.status, 400, query);
    assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'invalid_query');
  }
  // A malformed escape in the path: Next answered it with a bare-text 500.
  for (const path of ['/api/trace%E0%A4%A', '/api/%ZZ/index']) {
    const answer = await fetch(`${url}${path}`);
    assert.equal(answer.status, 400, path);
    assert.equal(((await answer.json()) as { error: { code: string } }).error.code, 'invalid_query');
  }
});

test('a connection that says nothing is closed, as on the live dashboard', async () => {
  test.setTimeout(30_000);
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  const started = Date.now();
  // Node's own timeouts never close a connection that has not begun a request; the guard does, after 10 s.
  await new Promise<void>((resolve, reject) => {
    socket.once('close', () => resolve());
    socket.once('error', reject);
  });
  const waited = Date.now() - started;
  assert.ok(waited >= 9_000 && waited < 20_000, `closed after ${waited} ms`);
});
