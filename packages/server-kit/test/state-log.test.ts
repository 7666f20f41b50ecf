import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { StateFileError, StateLog } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'peerscope-state-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `state-${++n}.log`);
const parse = (value: unknown) => {
  if (typeof (value as { count?: unknown }).count !== 'number') throw new Error('count: expected a number');
  return value as { count: number };
};

test('the newest checkpoint comes back after a reopen (the folder is made when missing)', async () => {
  const path = join(dir, 'not-yet', `state-${++n}.log`);
  const first = await StateLog.open({ path, kind: 'test', parse });
  assert.equal(first.restored, undefined);
  for (let count = 1; count <= 3; count++) await first.log.append({ count });
  await first.log.close();
  const second = await StateLog.open({ path, kind: 'test', parse });
  assert.deepEqual(second.restored, { count: 3 });
  await second.log.close();
});

test('a torn last line (a kill mid-append) is cut off and the checkpoint before it is kept', async () => {
  const path = fresh();
  const { log } = await StateLog.open({ path, kind: 'test', parse });
  await log.append({ count: 1 });
  await log.close();
  const whole = statSync(path).size;
  appendFileSync(path, '0badc0de {"count":2');
  const notices: string[] = [];
  const reopened = await StateLog.open({ path, kind: 'test', parse, onNotice: (m) => notices.push(m) });
  assert.deepEqual(reopened.restored, { count: 1 });
  assert.equal(statSync(path).size, whole, 'the torn line is gone from the file');
  assert.match(notices[0]!, /torn last checkpoint/);
  await reopened.log.append({ count: 2 });
  await reopened.log.close();
  assert.deepEqual((await StateLog.open({ path, kind: 'test', parse })).restored, { count: 2 });
});

test('a bad line with more after it is damage, not a torn write: a clear error that says how to start clean', async () => {
  const path = fresh();
  const { log } = await StateLog.open({ path, kind: 'test', parse });
  await log.append({ count: 1 });
  await log.append({ count: 2 });
  await log.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  lines[1] = lines[1]!.replace('"count":1', '"count":7');
  writeFileSync(path, lines.join('\n'));
  await assert.rejects(StateLog.open({ path, kind: 'test', parse }), (err: Error) => {
    assert.ok(err instanceof StateFileError);
    assert.match(err.message, /is damaged.*PEERSCOPE_RESET_STATE=1/);
    return true;
  });
});

test('a foreign file, or another kind of state, is refused; with reset it is set aside and the start is clean', async () => {
  const foreign = fresh();
  writeFileSync(foreign, 'name,count\nalice,3\n');
  await assert.rejects(StateLog.open({ path: foreign, kind: 'test', parse }), /is not a peerscope test state log/);
  const other = fresh();
  const { log } = await StateLog.open({ path: other, kind: 'hub', parse });
  await log.close();
  await assert.rejects(StateLog.open({ path: other, kind: 'test', parse }), StateFileError);

  const reset = await StateLog.open({ path: foreign, kind: 'test', parse, reset: true });
  assert.equal(reset.restored, undefined);
  await reset.log.append({ count: 1 });
  await reset.log.close();
  assert.ok(
    readdirSync(dir).some((name) => name.startsWith(`state-${n - 1}.log.bad-`)),
    'the foreign file is kept aside',
  );
  assert.equal(
    readFileSync(
      join(
        dir,
        readdirSync(dir).find((name) => name.startsWith(`state-${n - 1}.log.bad-`))!,
      ),
      'utf8',
    ),
    'name,count\nalice,3\n',
  );
});

test('a checkpoint this version cannot read is refused, not guessed at', async () => {
  const path = fresh();
  const { log } = await StateLog.open({ path, kind: 'test', parse: (v) => v as { count: number } });
  await log.append({ count: 'many' } as unknown as { count: number });
  await log.close();
  await assert.rejects(StateLog.open({ path, kind: 'test', parse }), /cannot read \(count: expected a number\)/);
});

test('past compactBytes the log is rewritten with its newest checkpoint only', async () => {
  const path = fresh();
  const { log } = await StateLog.open({ path, kind: 'test', parse, compactBytes: 2_000 });
  for (let count = 1; count <= 200; count++) await log.append({ count });
  await log.close();
  assert.ok(statSync(path).size < 2_000, `compacted: ${statSync(path).size} bytes`);
  assert.deepEqual((await StateLog.open({ path, kind: 'test', parse })).restored, { count: 200 });
});
