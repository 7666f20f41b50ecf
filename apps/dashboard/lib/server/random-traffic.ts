import { randomUUID } from 'node:crypto';
import { SendResultSchema, type RandomTrafficResult } from '@peerscope/protocol';
import { callAdmin, errorAnswer, listNodes, type AdminAnswer, type AdminSettings } from './bootstrap-admin';

/** Sends in flight at once: enough to keep the network busy without queueing on two cores. */
const CONCURRENCY = 8;

export async function runRandomTraffic(settings: AdminSettings, count: number): Promise<AdminAnswer> {
  let nodes;
  try {
    nodes = (await listNodes(settings)).nodes.filter((n) => n.status === 'alive');
  } catch (err) {
    return errorAnswer('node_unreachable', (err as Error).message);
  }
  const senders = nodes.filter((n) => n.kind === 'peerscope');
  if (senders.length === 0 || nodes.length < 2) return errorAnswer('node_not_alive', 'random traffic needs at least two live nodes');

  const result: RandomTrafficResult = { requested: count, delivered: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const from = pick(senders);
      const to = pick(nodes.filter((n) => n.id !== from.id));
      const answer = await callAdmin(settings, 'POST', '/messages', { from: from.id, to: to.id, text: `random ${randomUUID().slice(0, 8)}` });
      const sent = SendResultSchema.safeParse(answer.body);
      if (sent.success && sent.data.status === 'delivered') result.delivered += 1;
      else result.failed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return { status: 200, body: result };
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;
