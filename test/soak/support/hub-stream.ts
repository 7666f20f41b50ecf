// The hub's own stream, read by a Node.js subscriber on `/ui` (no browser): every delta exactly
// once and in order (the Tally checks), the same picture a page builds (NetworkView, the page's
// own code), and each node's status changes as the bootstrap reported them.
import type { Counters, Delta, NetworkSnapshot } from '@peerscope/protocol';
import { NetworkView } from '@peerscope/network-view';
import { CountingSubscriber, type Tally } from '../../../bench/support/tally.js';
import { ReceiptLedger } from './receipts.js';
import { StatusLog } from './status-log.js';

export interface HubStream {
  readonly log: StatusLog;
  readonly tally: Tally;
  /** Every message the hub saw received, and whether its sender's report of it came. */
  readonly receipts: ReceiptLedger;
  counters(): Counters;
  /** The sequence number of the last delta applied. */
  seq(): number;
  connected(): boolean;
  close(): void;
}

export async function followHub(dashboardUrl: string): Promise<HubStream> {
  const log = new StatusLog('hub stream (/ui deltas)');
  const receipts = new ReceiptLedger();
  // It reconnects when the dashboard's server is killed (as a page does), and starts over from the new hub's snapshot.
  const subscriber = new CountingSubscriber(dashboardUrl, { resubscribe: true });
  let view = new NetworkView();
  let applied = 0;
  subscriber.onSnapshot = (snapshot: NetworkSnapshot) => {
    view = NetworkView.fromSnapshot(snapshot);
    applied = snapshot.seq;
    for (const node of snapshot.nodes) log.observe(node.id, node.status, Date.now());
  };
  subscriber.onDelta = (delta: Delta) => {
    // Applied once each, in order, as the page does (the Tally counts any repeat or gap).
    if (delta.seq <= applied) return;
    applied = delta.seq;
    view.apply(delta.event);
    const { event } = delta;
    receipts.observe(event);
    if (event.type === 'node:status-changed') log.observe(event.nodeId, event.status, event.at);
    else if (event.type === 'node:registered') log.observe(event.node.id, event.node.status, event.at);
    else if (event.type === 'node:deregistered') log.forget(event.nodeId);
  };
  await subscriber.start();
  return {
    log,
    tally: subscriber.tally,
    receipts,
    counters: () => ({ ...view.counters }),
    seq: () => applied,
    connected: () => subscriber.connected,
    close: () => subscriber.close(),
  };
}
