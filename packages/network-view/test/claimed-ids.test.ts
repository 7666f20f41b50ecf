import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TelemetryEvent } from '@peerscope/protocol';
import { NetworkView } from '../src/index.js';
import { T0, messageEvents, registered } from './fixtures.js';

test('a receipt claimed under a genuine message’s id, between other ends, never rewrites that message, in any order', () => {
  const genuine = messageEvents('m1', 'node1', 'node2', 'hello', T0);
  // Posted to node3 by anyone who saw m1 in the picture, naming node1 as its sender; the hub marks it unverified.
  const forged: TelemetryEvent = {
    type: 'message:received',
    id: 'm1',
    from: 'node1',
    to: 'node3',
    text: 'forged',
    at: T0 + 50,
    source: 'node3',
    unverified: true,
  };
  fc.assert(
    fc.property(fc.shuffledSubarray([genuine.sent, genuine.received, genuine.delivered, forged], { minLength: 4 }), (events) => {
      const view = new NetworkView();
      for (const id of ['node1', 'node2', 'node3']) view.apply(registered(id));
      for (const event of events) view.apply(event);
      // Two records, whichever came first: the message as its ends reported it, and the claim as what it is.
      const between = (to: string) => [...view.messages.values()].filter((m) => m.to === to);
      assert.equal(view.messages.size, 2);
      const [message] = between('node2');
      assert.deepEqual(
        [message!.from, message!.status, message!.text, message!.receivedAt, message!.unverified],
        ['node1', 'delivered', 'hello', genuine.received.at, undefined],
      );
      assert.equal(view.links.get('node1->node2')!.unverified, 0);
      const [claim] = between('node3');
      assert.deepEqual([claim!.from, claim!.unverified, claim!.text], ['node1', true, 'forged']);
      assert.deepEqual(view.counters, { sent: 1, delivered: 1, failed: 0, received: 2 });
    }),
    { numRuns: 50 },
  );
});
