import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

// `npm run replay -- <file>` (and `peerscope replay`) on a file that is no trace: the person named
// the wrong file, as with a wrong flag, so one line says which and why, with exit code 2.
const replay = fileURLToPath(new URL('../dist/server/replay.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'peerscope-replay-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function start(trace: string) {
  const run = spawnSync(process.execPath, [replay, trace, '--port', '0'], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, INIT_CWD: dir } });
  return { status: run.status, stderr: run.stderr.trim(), stdout: run.stdout.trim() };
}

test('a file that is not a trace: exit 2 and one line naming the file and its first bad line', () => {
  const garbage = join(dir, 'garbage.ndjson');
  writeFileSync(garbage, 'garbage\n');
  const run = start(garbage);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^peerscope replay: .*garbage\.ndjson: line 1: not JSON/);
  assert.equal(run.stderr.split('\n').length, 1, run.stderr);
  assert.doesNotMatch(run.stdout, /"stack"/);
});

test('a folder, or a file that does not exist: exit 2 and one line', () => {
  for (const trace of [dir, join(dir, 'missing.ndjson')]) {
    const run = start(trace);
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^peerscope replay: /);
    assert.equal(run.stderr.split('\n').length, 1, run.stderr);
  }
});

test('an empty file: exit 2, and the line says it holds no trace header (not "line 2")', () => {
  const empty = join(dir, 'empty.ndjson');
  writeFileSync(empty, '');
  const run = start(empty);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^peerscope replay: .*empty\.ndjson: line 1: no trace header/);
});
