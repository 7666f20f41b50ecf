// The traffic a page watches in bench:ui-scale: the bootstrap's generator through real nodes, or
// (BENCH_SOURCE=synthetic, as issue 11 allows where the machine cannot carry the nodes' own work)
// a synthetic reporter feeding the real hub message events between the real nodes' ids.
import { setTimeout as sleep } from 'node:timers/promises';
import { Children, waitForMessage } from '../lib/children.js';
import { admin, aliveNodes, repo, type LauncherSystem } from './system.js';

/** What the traffic's own side counted: the generator's answers, or the messages the reporter described. */
export interface TrafficCount {
  sent: number;
  delivered: number;
  failed: number;
}

export interface TrafficSource {
  start(rate: number, durationS: number): Promise<void>;
  /** Resolves once the run is over, with its count. */
  finished(): Promise<TrafficCount>;
  close(): Promise<void>;
}

const isConnectError = (err: unknown) => {
  const code = ((err as Error).cause as { code?: string } | undefined)?.code;
  return code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ECONNREFUSED';
};

/**
 * An admin call that tries again (3 times in all) when it could not connect: a bootstrap busy with a
 * thousand nodes may not accept within undici's 10 s, and a request never sent was not carried out.
 */
async function adminRetrying<T>(sys: LauncherSystem, method: string, path: string, body?: unknown): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin<T>(sys, method, path, body);
    } catch (err) {
      if (attempt >= 3 || !isConnectError(err)) throw err;
      console.log(`  (${method} ${path}: could not connect; trying again)`);
    }
  }
}

export function generatorTraffic(sys: LauncherSystem): TrafficSource {
  let durationS = 0;
  return {
    async start(rate, seconds) {
      durationS = seconds;
      try {
        await adminRetrying(sys, 'POST', '/traffic', { rate, durationS });
      } catch (err) {
        // The answer may be what timed out: the run started if the generator says so.
        const status = await adminRetrying<{ running: boolean }>(sys, 'GET', '/traffic');
        if (!status.running) throw err;
        console.log('  (POST /traffic timed out, but the run started)');
      }
    },
    async finished() {
      const deadline = Date.now() + (durationS + 60) * 1_000;
      let status: TrafficCount & { running: boolean };
      do {
        await sleep(50);
        status = await adminRetrying(sys, 'GET', '/traffic');
      } while (status.running && Date.now() < deadline);
      return { sent: status.sent, delivered: status.delivered, failed: status.failed };
    },
    async close() {},
  };
}

/** One reporter process; each message it describes is sent, received and delivered (3 events). */
export async function syntheticTraffic(sys: LauncherSystem): Promise<TrafficSource> {
  const children = new Children();
  const ids = (await aliveNodes(sys)).filter((n) => n.kind === 'peerscope').map((n) => n.id);
  const producer = children.fork('producer', repo('bench/support/ingest-producer.ts'), {
    execArgv: ['--import', 'tsx'],
    env: {
      PRODUCER_HUB_URL: sys.dashboardUrl,
      PRODUCER_TOKEN: sys.clusterToken,
      PRODUCER_SOURCE: 'bench-ui-scale',
      PRODUCER_NODE_IDS: ids.join(','),
      PRODUCER_MIX: 'full',
    },
  });
  await waitForMessage(producer, 'ready');
  let done: Promise<{ produced: number }> | undefined;
  return {
    async start(rate, durationS) {
      done = waitForMessage<{ type: 'done'; produced: number }>(producer, 'done', (durationS + 30) * 1_000);
      producer.process.send({ type: 'go', durationMs: durationS * 1_000, maxEvents: Number.MAX_SAFE_INTEGER, ratePerSecond: rate * 3 });
    },
    async finished() {
      const { produced } = await done!;
      const messages = produced / 3;
      return { sent: messages, delivered: messages, failed: 0 };
    },
    close: () => children.stopAll(),
  };
}
