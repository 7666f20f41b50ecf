import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { PoolRuntime } from '../src/runtimes/pool.js';
import { LocalProcessOwner, type OwnedProcess, type ProcessOwner } from '../src/runtimes/process-owner.js';

/** Forks real hosts, and counts those forked and not yet ready. */
class WatchingOwner implements ProcessOwner {
  booting = 0;
  mostBooting = 0;
  forked = 0;
  private readonly local = new LocalProcessOwner();

  async spawn(kind: Parameters<ProcessOwner['spawn']>[0], entry: string, env: Record<string, string>): Promise<OwnedProcess> {
    const process = await this.local.spawn(kind, entry, env);
    this.forked += 1;
    this.booting += 1;
    this.mostBooting = Math.max(this.mostBooting, this.booting);
    let ready = false;
    const settle = () => {
      if (!ready) this.booting -= 1;
      ready = true;
    };
    process.onMessage((message) => (message as { type?: string }).type === 'ready' && settle());
    void process.exited.then(settle);
    return process;
  }

  adopt() {
    return Promise.resolve([]);
  }
}

test('hosts boot about one per core at a time, however many a start needs at once', { timeout: 120_000 }, async () => {
  const owner = new WatchingOwner();
  const runtime = new PoolRuntime({
    hostEntry: fileURLToPath(import.meta.resolve('@peerscope/node/pool-host')),
    // Nothing answers there: the nodes start and keep trying to register, which is all this needs.
    env: () => ({ PEERSCOPE_BOOTSTRAP_URL: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' }),
    clusterToken: () => 'c'.repeat(32),
    nodesPerHost: 1,
    hosts: 1,
    owner,
  });
  const hosts = availableParallelism() + 3;
  try {
    const started = await Promise.all(
      Array.from({ length: hosts }, (_, i) => runtime.start(`node${i + 1}`, { controlToken: `token-${i + 1}`.padEnd(32, 'x') })),
    );
    assert.equal(started.length, hosts);
    assert.equal(owner.forked, hosts, 'a host per node');
    assert.ok(owner.mostBooting <= availableParallelism(), `at most ${availableParallelism()} hosts booting at once, saw ${owner.mostBooting}`);
  } finally {
    await runtime.close();
  }
});
