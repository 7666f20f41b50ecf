// The bootstrap's traffic generator (POST /api/traffic), and its own status counts (GET /api/traffic).
import type { TrafficStatus } from '@peerscope/protocol';
import { admin } from '../../../bench/support/system.js';

type Sys = { bootstrapUrl: string; adminToken: string };

export async function startTraffic(sys: Sys, rate: number, durationS: number): Promise<TrafficStatus> {
  return admin<TrafficStatus>(sys, 'POST', '/traffic', { rate, durationS });
}

export function trafficStatus(sys: Sys): Promise<TrafficStatus> {
  return admin<TrafficStatus>(sys, 'GET', '/traffic');
}

/** Waits until the run is over (its last sends answered); resolves with its final counts. */
export async function trafficFinished(sys: Sys, timeoutMs: number): Promise<TrafficStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await trafficStatus(sys);
    if (!status.running) return status;
    if (Date.now() > deadline) throw new Error(`the traffic generator still ran ${timeoutMs} ms after it should have stopped`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
