import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { beforeEach, describe, test } from 'node:test';
import { CROWD_MIN_LATE, CrowdLateness, MAX_CROWD_STRETCH_MS } from '../src/crowd-lateness.js';
import { FailureDetector } from '../src/failure-detector.js';
import { Registry } from '../src/registry.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };
const TOKEN = 'crowd-lateness-test-token';
const ids = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `node${from + i}`);

describe('CrowdLateness', () => {
  let clock: number;
  let registry: Registry;
  let crowd: CrowdLateness;
  /** Time of each node's death since the test began. */
  let deaths: Map<string, number>;

  /** Sweeps every 100 ms for `ms`; the nodes in `beating` heartbeat every second. */
  const run = async (ms: number, beating: readonly string[]) => {
    for (let t = 100; t <= ms; t += 100) {
      clock += 100;
      if (clock % 1_000 === 0) for (const id of beating) registry.heartbeat(id, TOKEN);
      registry.sweep();
      await tick();
    }
  };

  beforeEach(() => {
    clock = 1_000_000;
    deaths = new Map();
    registry = new Registry({ ...timings, sweepGapMs: 500 }, () => clock);
    registry.onChange((c) => c.type === 'status-changed' && c.status === 'dead' && deaths.set(c.nodeId, clock - 1_000_000));
    for (const id of ids(1, 40)) registry.register({ url: `http://127.0.0.1:${7000 + Number(id.slice(4))}`, id, controlToken: TOKEN });
    crowd = new CrowdLateness(registry);
    // Probes that time out (a node that holds the connection and never answers): silence decides.
    new FailureDetector(
      registry,
      async (_id, _url, timeoutMs) => new Promise((resolve) => setTimeout(() => resolve('unanswered'), Math.min(timeoutMs, 1))),
      () => crowd.stretchMs(),
      timings,
    );
  });

  test('a few silent nodes are no crowd: they die at the usual threshold', async () => {
    const silent = ids(1, CROWD_MIN_LATE - 1);
    await run(2_500, ids(CROWD_MIN_LATE, 40));
    assert.deepEqual(crowd.counts(), { late: silent.length, live: 40 });
    assert.equal(crowd.stretchMs(), 0);
    await run(1_500, ids(CROWD_MIN_LATE, 40));
    assert.deepEqual([...deaths.keys()].sort(), [...silent].sort());
    for (const at of deaths.values()) assert.ok(at <= 3_200, `died at ${at} ms`);
  });

  test('a quarter of the nodes late together: their deaths wait, and late ones that speak again live', async () => {
    await run(2_500, ids(11, 40));
    assert.equal(crowd.counts().late, 10);
    const stretch = crowd.stretchMs();
    assert.equal(stretch, 5_000, 'a quarter late stretches by 5 s');
    // Past the usual threshold, nobody died; then half of them beat again and live.
    await run(2_000, ids(11, 40));
    assert.equal(deaths.size, 0);
    await run(1_000, [...ids(1, 5), ...ids(11, 40)]);
    assert.deepEqual(crowd.counts(), { late: 0, live: 35 });
    // Five late are no longer a crowd: the silent rest die at once, later than they would have.
    assert.deepEqual([...deaths.keys()].sort(), ids(6, 10).sort());
    for (const at of deaths.values()) assert.ok(at > 3_200, `died at ${at} ms`);
  });

  test('every node silent: the stretch is capped, so the dead still die', async () => {
    await run(2_500, []);
    assert.equal(crowd.stretchMs(), MAX_CROWD_STRETCH_MS);
    await run(MAX_CROWD_STRETCH_MS + 3_000, []);
    assert.equal(deaths.size, 40);
    assert.deepEqual(crowd.counts(), { late: 0, live: 0 });
  });

  test('nodes that leave or register count in and out of the crowd', () => {
    registry.deregister('node1', TOKEN);
    registry.register({ url: 'http://127.0.0.1:7999', id: 'node99', controlToken: TOKEN });
    registry.register({ url: 'http://127.0.0.1:7998' });
    assert.deepEqual(crowd.counts(), { late: 0, live: 40 }, 'a course node is not part of the crowd');
  });
});
