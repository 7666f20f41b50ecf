import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Delta, TelemetryEvent } from '@peerscope/protocol';
import { PacedDeltas } from '../lib/browser/paced-deltas.js';

let seq = 0;
const delta = (event: Partial<TelemetryEvent> & { type: TelemetryEvent['type'] }): Delta => ({ seq: ++seq, event: { at: 0, ...event } as TelemetryEvent });
const delivered = () => delta({ type: 'message:delivered', id: `m${seq}`, from: 'node1', to: 'node2', latencyMs: 1 } as never);
const joined = () => delta({ type: 'node:started', nodeId: `node${seq}` } as never);

function paced() {
  const writes: number[][] = [];
  const deltas = new PacedDeltas((batch) => writes.push(batch.map((d) => d.seq)));
  return { deltas, writes };
}

describe('PacedDeltas', () => {
  test("traffic is held until the sweep's flush, then written once, in arrival order", () => {
    const { deltas, writes } = paced();
    const a = [delivered(), delivered()];
    const b = [delivered()];
    deltas.push(a);
    deltas.push(b);
    assert.deepEqual(writes, [], 'nothing written per frame');
    assert.equal(deltas.waiting, 3);
    deltas.flush();
    assert.deepEqual(writes, [[...a, ...b].map((d) => d.seq)]);
    deltas.flush();
    assert.equal(writes.length, 1, 'an empty flush writes nothing');
  });

  test('a delta that is more than traffic is written at once, after the traffic that came before it', () => {
    const { deltas, writes } = paced();
    const traffic = delivered();
    deltas.push([traffic]);
    const node = joined();
    const after = delivered();
    deltas.push([node, after]);
    assert.deepEqual(writes, [[traffic.seq, node.seq, after.seq]]);
    assert.equal(deltas.waiting, 0);
  });

  test('drop forgets what is held (the graph is drawn afresh from the picture)', () => {
    const { deltas, writes } = paced();
    deltas.push([delivered()]);
    deltas.drop();
    deltas.flush();
    assert.deepEqual(writes, []);
  });
});
