import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { NetworkSnapshotSchema } from '@peerscope/protocol';
import { NetworkView } from '../src/index.js';
import { T0, gossipHop, registered } from './fixtures.js';

/** Valid node ids that a plain object already has as properties (`{}.constructor` is a function). */
const PROTOTYPE_IDS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];
const idArb = fc.oneof(
  fc.constantFrom(...PROTOTYPE_IDS),
  fc.integer({ min: 1, max: 6 }).map((n) => `node${n}`),
);

test('a gossip reaching nodes of any valid id keeps a picture the wire schema takes (first-reached times are numbers)', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(idArb, { minLength: 2, maxLength: 6 }),
      fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.nat(1000)), { maxLength: 20 }),
      (ids, hops) => {
        const view = new NetworkView();
        for (const id of ids) view.apply(registered(id));
        const gossip = { id: 'g1', origin: ids[0]!, hop: 1 };
        hops.forEach(([from, to, later], i) => {
          const hop = gossipHop(`m${i}`, gossip, ids[from % ids.length]!, ids[to % ids.length]!, T0 + later);
          for (const event of [hop.sent, hop.received, hop.delivered]) view.apply(event);
        });
        const snapshot = view.snapshot('e', 1);
        const parsed = NetworkSnapshotSchema.safeParse(JSON.parse(JSON.stringify(snapshot)));
        assert.ok(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues[0]));
        for (const time of Object.values(snapshot.gossips[0]?.reachedAt ?? {})) assert.ok(Number.isFinite(time), `reached at ${time}`);
      },
    ),
    { numRuns: 300 },
  );
});
