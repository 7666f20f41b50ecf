import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { createLogger } from '@peerscope/server-kit';
import { Registry } from '../src/registry.js';
import { logRegistryChanges } from '../src/registry-log.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };
const TOKEN = 'registry-log-test-token';

/** A pino logger at `level` whose lines land in `lines`. */
function capture(level: string) {
  const lines: Array<{ level: number; msg: string; more?: number; counts?: Record<string, number> }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger('test', level, stream), lines, info: () => lines.filter((l) => l.level === 30) };
}

test('a few joins and departures are logged one by one at info', async () => {
  const { logger, info } = capture('info');
  const registry = new Registry(timings);
  const log = logRegistryChanges(registry, logger, { perSecond: 5 });
  for (let i = 1; i <= 3; i++) registry.register({ url: `http://127.0.0.1:${41000 + i}`, id: `node${i}`, controlToken: TOKEN });
  registry.deregister('node2', TOKEN);
  log.close();
  await sleep(10);
  assert.deepEqual(
    info().map((l) => l.msg),
    ['registry', 'registry', 'registry', 'registry'],
  );
});

test('a burst gives the first lines at info, then one count of the rest per second; every change is still at debug', async () => {
  const { logger, lines, info } = capture('debug');
  const registry = new Registry(timings);
  const log = logRegistryChanges(registry, logger, { perSecond: 5 });
  for (let i = 1; i <= 100; i++) registry.register({ url: `http://127.0.0.1:${41000 + i}`, id: `node${i}`, controlToken: TOKEN });
  for (let i = 1; i <= 10; i++) registry.deregister(`node${i}`, TOKEN);
  await sleep(1_100); // the second ends: its count is logged by the timer
  const summaries = info().filter((l) => l.more !== undefined);
  assert.equal(info().length, 6, 'five changes, then one count');
  assert.deepEqual(
    summaries.map((l) => [l.more, l.counts]),
    [[105, { joined: 95, left: 10 }]],
  );
  assert.equal(lines.filter((l) => l.level === 20).length, 105, 'the rest are each at debug');
  // A new second starts afresh.
  registry.register({ url: 'http://127.0.0.1:42000', id: 'late', controlToken: TOKEN });
  log.close();
  await sleep(10);
  assert.equal(info().length, 7);
});

test('a count still pending is logged when the bootstrap stops', async () => {
  const { logger, info } = capture('info');
  const registry = new Registry(timings);
  const log = logRegistryChanges(registry, logger, { perSecond: 1 });
  for (let i = 1; i <= 4; i++) registry.register({ url: `http://127.0.0.1:${41000 + i}`, id: `node${i}`, controlToken: TOKEN });
  log.close();
  await sleep(10);
  assert.deepEqual(
    info().map((l) => l.more),
    [undefined, 3],
  );
});
