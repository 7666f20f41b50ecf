import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { beforeEach, describe, test } from 'node:test';
import { CROWDED_CONCURRENCY, FailureDetector, type DetectorOptions } from '../src/failure-detector.js';
import type { Probe, ProbeOutcome } from '../src/node-probe.js';
import { Registry } from '../src/registry.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };
const TOKEN = 'failure-detector-test-token';

describe('FailureDetector', () => {
  let clock: number;
  let registry: Registry;
  let stretch: number;
  /** How the fake probe answers; `pending` never settles (a node that holds the connection). */
  let outcome: ProbeOutcome | 'pending';
  let probes: Array<{ id: string; timeoutMs: number }>;
  let detector: FailureDetector;
  let statuses: string[];

  /** Moves the clock in sweeps of 100 ms, letting probes settle in between. */
  const run = async (ms: number, each?: (t: number) => void) => {
    for (let t = 100; t <= ms; t += 100) {
      clock += 100;
      each?.(t);
      registry.sweep();
      await tick();
    }
  };
  const statusOf = (id: string) => registry.get(id)?.status;
  /** The detector under test, with the fake probe (`outcome`) unless a test brings its own. */
  const start = (probe?: Probe, options: Partial<DetectorOptions> = {}) => {
    detector = new FailureDetector(
      registry,
      probe ??
        (async (id, _url, timeoutMs) => {
          probes.push({ id, timeoutMs });
          return outcome === 'pending' ? new Promise<ProbeOutcome>(() => undefined) : outcome;
        }),
      () => stretch,
      { ...timings, ...options },
    );
  };

  beforeEach(() => {
    clock = 1_000_000;
    stretch = 0;
    outcome = 'answered';
    probes = [];
    statuses = [];
    registry = new Registry({ ...timings, sweepGapMs: 500 }, () => clock);
    registry.onChange((c) => c.type === 'status-changed' && statuses.push(`${clock - 1_000_000} ${c.nodeId} ${c.status} ${c.cause}`));
    registry.register({ url: 'http://127.0.0.1:7001', id: 'node1', controlToken: TOKEN });
  });

  test('late heartbeats and an answering probe: suspect now and then, never dead', async () => {
    start();
    // Heartbeats every 2.5 s: each silence passes the suspect threshold, none is missing.
    await run(60_000, (t) => t % 2_500 === 0 && registry.heartbeat('node1', TOKEN));
    assert.ok(!statuses.some((s) => s.includes('dead')), statuses.join('\n'));
    assert.ok(probes.length >= 10, `a probe per suspicion (${probes.length})`);
    assert.equal(detector.stats().suspicionsCleared, probes.length);
    assert.equal(detector.stats().deathsBySilence, 0);
  });

  test('a refused probe makes the suspect dead at once', async () => {
    start();
    outcome = 'refused';
    await run(2_000);
    assert.deepEqual(statuses, ['2000 node1 suspect silence', '2000 node1 dead probe-refused']);
    assert.equal(detector.stats().deathsConfirmed, 1);
  });

  test('a probe that times out lets the death come at deadAfterMs', async () => {
    start();
    outcome = 'unanswered';
    await run(5_000);
    assert.deepEqual(statuses, ['2000 node1 suspect silence', '3000 node1 dead silence']);
    assert.equal(probes[0]!.timeoutMs, 1_000, 'the probe may take until the death is due');
    assert.equal(detector.stats().deathsBySilence, 1);
  });

  test('a probe still in flight holds the death back for at most one probe timeout', async () => {
    start();
    outcome = 'pending';
    await run(5_000);
    assert.deepEqual(statuses, ['2000 node1 suspect silence', '4000 node1 dead silence']);
  });

  test("the bootstrap's own lag stretches the wait for death, not the refused probe's verdict", async () => {
    start();
    stretch = 500;
    outcome = 'unanswered';
    await run(5_000);
    assert.deepEqual(statuses, ['2000 node1 suspect silence', '3500 node1 dead silence']);
    assert.equal(probes[0]!.timeoutMs, 1_500);
  });

  test('a node that answers probes but never heartbeats is kept for a few suspicions only', async () => {
    start();
    await run(30_000);
    assert.equal(detector.stats().suspicionsCleared, 5);
    assert.equal(statusOf('node1'), 'dead');
  });

  test('a dead node that heartbeats again comes back alive', async () => {
    start();
    outcome = 'refused';
    await run(2_000);
    assert.equal(statusOf('node1'), 'dead');
    registry.heartbeat('node1', TOKEN);
    assert.equal(statusOf('node1'), 'alive');
  });

  test('a heartbeat that comes while the probe waits settles it: the outcome is ignored', async () => {
    let answer: ((o: ProbeOutcome) => void) | undefined;
    start(() => new Promise<ProbeOutcome>((resolve) => (answer = resolve)));
    await run(2_000);
    registry.heartbeat('node1', TOKEN);
    answer!('refused');
    await tick();
    assert.equal(statusOf('node1'), 'alive');
  });

  test('probes run at most `concurrency` at once; the queued wait their turn', async () => {
    const releases: Array<() => void> = [];
    let most = 0;
    let now = 0;
    start(
      () =>
        new Promise<ProbeOutcome>((resolve) => {
          most = Math.max(most, ++now);
          releases.push(() => (now--, resolve('answered')));
        }),
      { concurrency: 2 },
    );
    for (let i = 2; i <= 6; i++) registry.register({ url: `http://127.0.0.1:${7000 + i}`, id: `node${i}`, controlToken: TOKEN });
    await run(2_000);
    assert.equal(releases.length, 2);
    while (releases.length > 0) {
      releases.shift()!();
      await tick();
      await tick();
    }
    assert.equal(most, 2);
    for (let i = 1; i <= 6; i++) assert.equal(statusOf(`node${i}`), 'alive', `node${i}`);
  });

  test('while a crowd is late together, probes go a few at a time', async () => {
    const releases: Array<() => void> = [];
    let crowded = true;
    start(() => new Promise<ProbeOutcome>((resolve) => releases.push(() => resolve('answered'))), { concurrency: 64, crowded: () => crowded });
    for (let i = 2; i <= 20; i++) registry.register({ url: `http://127.0.0.1:${7000 + i}`, id: `node${i}`, controlToken: TOKEN });
    await run(2_000);
    assert.equal(releases.length, CROWDED_CONCURRENCY, 'the machine is saturated: no more connections than that');
    crowded = false;
    releases.shift()!();
    await tick();
    await tick();
    assert.equal(releases.length, 20 - 1, 'no crowd: the rest go at once (up to `concurrency`)');
  });
});
