import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SendResult } from '@peerscope/protocol';
import { startBootstrap, type BootstrapProcess } from '../../../test/support/processes.js';
import { startTestNodes, stopTestNodes, waitForFullPeerLists, type TestNode } from './support/nodes.js';

describe('link faults: latency with jitter, and loss', () => {
  let bootstrap: BootstrapProcess;
  let a: TestNode, b: TestNode, c: TestNode;
  const sendMany = async (from: TestNode, to: TestNode, count: number, inFlight = 20) => {
    const results: SendResult[] = [];
    for (let i = 0; i < count; i += inFlight) {
      const batch = Array.from({ length: Math.min(inFlight, count - i) }, (_, j) =>
        from.control<SendResult>('POST', '/send', { to: to.id, text: `m${i + j}` }),
      );
      results.push(...(await Promise.all(batch)).map((r) => r.body));
    }
    return results;
  };

  before(async () => {
    bootstrap = await startBootstrap();
    [a, b, c] = (await startTestNodes(bootstrap.url, 3, undefined, 'l')) as [TestNode, TestNode, TestNode];
    await waitForFullPeerLists([a, b, c]);
  });
  after(async () => {
    await stopTestNodes([a, b, c].filter(Boolean));
    await bootstrap?.stop();
  });
  beforeEach(async () => {
    await a.control('PUT', '/faults', {});
  });

  test('20% loss on a link loses roughly that share of 200 sends, reported `lost`, and only on that link', async () => {
    await a.control('PUT', '/faults', { links: [{ to: 'l2', lossPct: 20 }] });
    const before = (await b.inbox()).length;
    const results = await sendMany(a, b, 200);
    const lost = results.filter((r) => r.status === 'failed');
    for (const r of lost) assert.equal(r.error?.code, 'lost');
    // Binomial(200, 0.2): mean 40, sd 5.7; ±10 points is 3.5 sd either way.
    assert.ok(lost.length >= 20 && lost.length <= 60, `${lost.length} of 200 lost`);
    assert.equal((await b.inbox()).length - before, 200 - lost.length, 'a lost message never reaches the peer');
    const other = await sendMany(a, c, 20);
    assert.ok(
      other.every((r) => r.status === 'delivered'),
      'the link to l3 is healthy',
    );
  });

  test('a rule for one peer wins over the rule for every link', async () => {
    await a.control('PUT', '/faults', { links: [{ lossPct: 100 }, { to: 'l3', lossPct: 0 }] });
    assert.ok((await sendMany(a, b, 10)).every((r) => r.status === 'failed' && r.error?.code === 'lost'));
    assert.ok((await sendMany(a, c, 10)).every((r) => r.status === 'delivered'));
  });

  test("latency with jitter shows in each send's latencyMs", async () => {
    await a.control('PUT', '/faults', { links: [{ to: 'l2', latencyMs: 150, jitterMs: 50 }] });
    const results = await sendMany(a, b, 20);
    const latencies = results.map((r) => r.latencyMs);
    assert.ok(results.every((r) => r.status === 'delivered'));
    // Each waits 100-200 ms on the link, plus the real round trip (loopback, but a busy machine).
    for (const ms of latencies) assert.ok(ms >= 99 && ms < 400, `latency ${ms} ms`);
    const spread = Math.max(...latencies) - Math.min(...latencies);
    assert.ok(spread >= 20, `jitter spreads the latencies (spread ${spread} ms)`);
    const healthy = await sendMany(a, c, 5);
    assert.ok(
      healthy.every((r) => r.latencyMs < 100),
      'the other link is not delayed',
    );

    await a.control('PUT', '/faults', {});
    const healed = await sendMany(a, b, 5);
    assert.ok(
      healed.every((r) => r.status === 'delivered' && r.latencyMs < 100),
      'clearing the faults heals the link',
    );
  });
});
