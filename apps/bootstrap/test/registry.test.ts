import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { Registry, type RegistryChange } from '../src/registry.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 60_000, classicProbeMs: 2_000 };
const TOKEN = 'a-control-token-of-node';

describe('Registry', () => {
  let clock: number;
  let registry: Registry;
  let changes: RegistryChange[];
  const advance = (ms: number) => {
    clock += ms;
    registry.sweep();
  };

  beforeEach(() => {
    clock = 1_000_000;
    registry = new Registry(timings, () => clock);
    changes = [];
    registry.onChange((change) => changes.push(change));
  });

  test('past a thousand nodes the heartbeat pace doubles with the list, and each node is judged by the pace it was told', () => {
    const big = new Registry({ ...timings, heartbeatMs: 1_000, maxRegistered: 5_000 }, () => clock);
    const join = (i: number) => big.register({ url: `http://127.0.0.1:${10_000 + i}`, controlToken: TOKEN }).id;
    for (let i = 1; i <= 1_000; i++) join(i);
    assert.equal(big.tellHeartbeatMs('node1'), 1_000, 'a thousand nodes: the base interval');
    join(1_001);
    assert.equal(big.paceNow(), 2);
    assert.equal(big.tellHeartbeatMs('node2'), 2_000, 'one more: a beat every 2 s');
    for (let i = 1_002; i <= 2_001; i++) join(i);
    assert.equal(big.paceNow(), 4);
    // node2 was told 2 s, node1 1 s (before the list grew), node3 nothing (1 s): 2.5 s of silence is late only for those two.
    clock += 2_500;
    for (let i = 4; i <= 2_001; i++) big.heartbeat(`node${i}`, TOKEN);
    big.sweep();
    assert.deepEqual(
      ['node1', 'node2', 'node3'].map((id) => big.get(id)!.status),
      ['suspect', 'alive', 'suspect'],
    );
    clock += 1_600;
    big.sweep();
    assert.equal(big.get('node2')!.status, 'suspect', 'past 2 × 2 s');
    assert.equal(big.get('node1')!.status, 'dead', 'past 3 s');
  });

  test('hands out course-style ids in order and lists them in id order', () => {
    for (let port = 1; port <= 11; port++) registry.register({ url: `http://127.0.0.1:${port}` });
    assert.deepEqual(
      registry.list().map((n) => n.id),
      Array.from({ length: 11 }, (_, i) => `node${i + 1}`),
    );
  });

  test('registering the same url twice is not an error and keeps the id', () => {
    const first = registry.register({ url: 'http://127.0.0.1:7001' });
    const again = registry.register({ url: 'http://127.0.0.1:7001/' });
    assert.equal(again.id, first.id);
    assert.equal(registry.list().length, 1);
    assert.equal(changes.filter((c) => c.type === 'registered').length, 1);
  });

  test('a stall of the bootstrap itself is not blamed on the nodes; silence it watched still is', () => {
    const watching = new Registry({ ...timings, sweepGapMs: 500 }, () => clock);
    const statuses: string[] = [];
    watching.onChange((change) => change.type === 'status-changed' && statuses.push(`${change.nodeId} ${change.status}`));
    const quiet = watching.register({ url: 'http://127.0.0.1:7101', controlToken: TOKEN }).id;
    const talking = watching.register({ url: 'http://127.0.0.1:7102', controlToken: `${TOKEN}-2` }).id;
    const sweepEvery100ms = (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        clock += 100;
        watching.sweep();
      }
    };
    sweepEvery100ms(1_000);
    // Five seconds without a sweep: the heartbeats of that time wait unread, then arrive at once.
    clock += 5_000;
    watching.sweep();
    watching.markSeen(talking);
    assert.deepEqual(statuses, [], 'nobody is suspect or dead for the time the registry was not watching');
    // The node that really went quiet is still found out, from what was watched.
    sweepEvery100ms(1_500);
    assert.deepEqual(statuses, [`${quiet} suspect`, `${quiet} dead`]);
    assert.equal(watching.get(talking)?.status, 'alive');
  });

  test('a dead node registering again under its id is listed alive at its new url', () => {
    registry.register({ url: 'http://127.0.0.1:7201', id: 'node1', controlToken: TOKEN });
    registry.register({ url: 'http://127.0.0.1:7202', id: 'node2', controlToken: TOKEN });
    assert.equal(registry.list().length, 2, 'the sorted list is built');
    registry.markGone('node1');
    registry.register({ url: 'http://127.0.0.1:7203', id: 'node1', controlToken: TOKEN });
    assert.deepEqual(
      registry.list().map((n) => `${n.id} ${n.status} ${n.url}`),
      ['node1 alive http://127.0.0.1:7203', 'node2 alive http://127.0.0.1:7202'],
    );
    assert.deepEqual(
      registry.peersOf().map((n) => `${n.id} ${n.url}`),
      ['node1 http://127.0.0.1:7203', 'node2 http://127.0.0.1:7202'],
    );
    assert.equal(registry.findByUrl('http://127.0.0.1:7201'), undefined, 'the old address is free');
    assert.equal(registry.findByUrl('http://127.0.0.1:7203')?.id, 'node1');
  });

  test('a node with a control token is peerscope, one without is classic', () => {
    assert.equal(registry.register({ url: 'http://127.0.0.1:1', controlToken: TOKEN }).kind, 'peerscope');
    assert.equal(registry.register({ url: 'http://127.0.0.1:2' }).kind, 'classic');
  });

  test('silence makes a node suspect at 2 s and dead at 3 s; dead nodes leave the peer list', () => {
    const a = registry.register({ url: 'http://127.0.0.1:1', controlToken: TOKEN });
    registry.register({ url: 'http://127.0.0.1:2', controlToken: TOKEN });
    advance(1_999);
    assert.equal(registry.get(a.id)?.status, 'alive');
    advance(1);
    assert.equal(registry.get(a.id)?.status, 'suspect');
    assert.equal(registry.peersOf().length, 2, 'suspect nodes are still peers');
    advance(1_000);
    assert.equal(registry.get(a.id)?.status, 'dead');
    assert.deepEqual(registry.peersOf(), []);
    assert.deepEqual(
      changes.filter((c) => c.type === 'status-changed' && c.nodeId === a.id).map((c) => c.type === 'status-changed' && c.status),
      ['suspect', 'dead'],
    );
  });

  test('a heartbeat keeps a node alive and brings a dead node back', () => {
    const a = registry.register({ url: 'http://127.0.0.1:1', controlToken: TOKEN });
    advance(1_500);
    assert.notEqual(registry.heartbeat(a.id, TOKEN), 'unknown');
    advance(1_500);
    assert.equal(registry.get(a.id)?.status, 'alive');
    advance(5_000);
    assert.equal(registry.get(a.id)?.status, 'dead');
    registry.heartbeat(a.id, TOKEN);
    assert.equal(registry.get(a.id)?.status, 'alive');
    assert.equal(registry.peersOf().length, 1);
  });

  test("only the node's own control token may heartbeat or deregister it", () => {
    const a = registry.register({ url: 'http://127.0.0.1:1', controlToken: TOKEN });
    assert.equal(registry.heartbeat(a.id, 'someone-else-token'), 'unauthorized');
    assert.equal(registry.heartbeat(a.id, undefined), 'unauthorized');
    assert.equal(registry.heartbeat('node99', TOKEN), 'unknown');
    assert.equal(registry.deregister(a.id, 'someone-else-token'), 'unauthorized');
    assert.equal(registry.deregister(a.id, TOKEN), true);
    assert.equal(registry.get(a.id), undefined);
    assert.deepEqual(changes.at(-1), { type: 'deregistered', nodeId: a.id, reason: 'left' });
  });

  test('dead nodes are forgotten after forgetAfterMs', () => {
    const a = registry.register({ url: 'http://127.0.0.1:1', controlToken: TOKEN });
    advance(3_000 + 59_999);
    assert.equal(registry.get(a.id)?.status, 'dead');
    advance(1);
    assert.equal(registry.get(a.id), undefined);
    assert.deepEqual(changes.at(-1), { type: 'deregistered', nodeId: a.id, reason: 'forgotten' });
  });

  test('classic nodes get thresholds of at least two and three probe intervals', () => {
    const slow = new Registry({ ...timings, classicProbeMs: 5_000 }, () => clock);
    const c = slow.register({ url: 'http://127.0.0.1:1' });
    clock += 9_999;
    slow.sweep();
    assert.equal(slow.get(c.id)?.status, 'alive');
    clock += 1;
    slow.sweep();
    assert.equal(slow.get(c.id)?.status, 'suspect');
    clock += 5_000;
    slow.sweep();
    assert.equal(slow.get(c.id)?.status, 'dead');
  });

  test('an id brought back after a restart is kept, and new ids skip past it', () => {
    registry.register({ url: 'http://127.0.0.1:7', id: 'node7', controlToken: TOKEN });
    assert.equal(registry.reserveId(), 'node8');
    assert.equal(registry.register({ url: 'http://127.0.0.1:9' }).id, 'node9');
  });

  test("a live node's id cannot be taken from another address, a dead one's can", () => {
    registry.register({ url: 'http://127.0.0.1:1', id: 'node1', controlToken: TOKEN });
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:2', id: 'node1', controlToken: 'another-token-0000' }), /node1/);
    advance(3_000);
    const moved = registry.register({ url: 'http://127.0.0.1:2', id: 'node1', controlToken: 'another-token-0000' });
    assert.equal(moved.url, 'http://127.0.0.1:2');
    assert.equal(moved.status, 'alive');
  });

  test('a live node cannot be replaced or evicted without its token; a classic node cannot be deregistered', () => {
    registry.register({ url: 'http://127.0.0.1:1', id: 'node1', controlToken: TOKEN });
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:1', id: 'node1' }), /node1/);
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:1', id: 'node2', controlToken: 'another-token-0000' }), /node1/);
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:1' }), /node1/);
    assert.equal(registry.register({ url: 'http://127.0.0.1:1', id: 'node1', controlToken: TOKEN }).kind, 'peerscope');
    const classic = registry.register({ url: 'http://127.0.0.1:2' });
    assert.equal(registry.deregister(classic.id), 'unauthorized');
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:3', id: classic.id }), new RegExp(classic.id), 'a live classic node cannot be moved');
    assert.equal(registry.register({ url: 'http://127.0.0.1:2' }).id, classic.id, 'it re-registers as it is');
  });

  test('an address taken over by a new node drops the stale entry that held it', () => {
    registry.register({ url: 'http://127.0.0.1:1', id: 'node1', controlToken: TOKEN });
    advance(3_000);
    registry.register({ url: 'http://127.0.0.1:1', id: 'node2', controlToken: 'another-token-0000' });
    assert.deepEqual(
      registry.list().map((n) => n.id),
      ['node2'],
    );
  });
});

describe('Registry bounds', () => {
  let clock: number;
  let registry: Registry;
  const advance = (ms: number) => {
    clock += ms;
    registry.sweep();
  };
  beforeEach(() => {
    clock = 1_000_000;
    registry = new Registry({ ...timings, forgetAfterMs: 300_000, maxRegistered: 3, maxClassic: 2 }, () => clock);
  });

  test('a dead classic node is forgotten after 30 s, not after the 5 minutes a peerscope node is kept', () => {
    const classic = registry.register({ url: 'http://127.0.0.1:1' });
    const node = registry.register({ url: 'http://127.0.0.1:2', controlToken: TOKEN });
    advance(6_000 + 30_000);
    assert.equal(registry.get(classic.id), undefined);
    assert.equal(registry.get(node.id)?.status, 'dead');
  });

  test('at a bound the longest-dead entry makes room; with none dead the registration is refused', () => {
    registry.register({ url: 'http://127.0.0.1:1' });
    registry.register({ url: 'http://127.0.0.1:2' });
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:3' }), /PEERSCOPE_MAX_CLASSIC/);
    registry.register({ url: 'http://127.0.0.1:3', controlToken: TOKEN });
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:4', controlToken: TOKEN }), /PEERSCOPE_MAX_REGISTERED/);
    advance(6_000);
    assert.equal(registry.register({ url: 'http://127.0.0.1:5' }).status, 'alive');
    assert.equal(registry.list().length, 3);
  });

  test('a claimed id joins past the bound, and nobody else may register it or its address', () => {
    for (let port = 1; port <= 3; port++) registry.register({ url: `http://127.0.0.1:${port}`, controlToken: TOKEN });
    const id = registry.reserveId();
    registry.claim(id, 'the-runtime-gave-this-token');
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:9', id, controlToken: 'a-stranger-token-000' }), /run by this bootstrap/);
    assert.equal(registry.register({ url: 'http://127.0.0.1:9', id, controlToken: 'the-runtime-gave-this-token' }).status, 'alive');
    assert.notEqual(registry.reserveId(), id);
    advance(3_000);
    assert.throws(() => registry.register({ url: 'http://127.0.0.1:9', id: 'other', controlToken: 'a-stranger-token-000' }), /run by this bootstrap/);
  });

  test('the id counter wraps to the lowest free id past node1000000', () => {
    registry.register({ url: 'http://127.0.0.1:1', id: 'node1000000', controlToken: TOKEN });
    registry.register({ url: 'http://127.0.0.1:2', id: 'node1', controlToken: TOKEN });
    assert.equal(registry.reserveId(), 'node2');
  });
  test('restored entries come back alive with a fresh grace period: silence counts from the restore', () => {
    registry.register({ url: 'http://127.0.0.1:7001', controlToken: TOKEN });
    registry.register({ url: 'http://127.0.0.1:7002' });
    advance(1_500);
    const saved = registry.saved();
    assert.deepEqual(
      saved.map((e) => [e.id, e.kind, e.controlToken]),
      [
        ['node1', 'peerscope', TOKEN],
        ['node2', 'classic', undefined],
      ],
    );
    clock += 60_000;
    const restored = new Registry(timings, () => clock);
    restored.restore(saved);
    assert.deepEqual(
      restored.list().map((n) => [n.id, n.status, n.lastSeen]),
      [
        ['node1', 'alive', clock],
        ['node2', 'alive', clock],
      ],
    );
    clock += 1_900;
    restored.sweep();
    assert.equal(restored.get('node1')!.status, 'alive', 'not suspect before its grace period is over');
    assert.equal(restored.heartbeat('node1', TOKEN) !== 'unknown', true, 'its own token still vouches for it');
    assert.equal(restored.reserveId(), 'node3', 'restored ids are taken');
  });
});
