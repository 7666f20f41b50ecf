import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerEntry, PeerListChanges } from '@peerscope/protocol';
import fc from 'fast-check';
import { PeerListLog } from '../src/peer-list-log.js';
import { Registry } from '../src/registry.js';

const timings = { suspectAfterMs: 2_000, deadAfterMs: 3_000, forgetAfterMs: 10_000, classicProbeMs: 2_000 };
const TOKEN = 'peer-list-log-test-token';

/** What a node holding `old` ends up with after an answer of the log. */
function applyAnswer(log: PeerListLog, epoch: string, version: number, old: Map<string, PeerEntry>): Map<string, PeerEntry> {
  const answer = log.since(epoch, version);
  if (answer.kind === 'current') return old;
  if (answer.kind === 'full') return byId(JSON.parse(answer.json) as PeerEntry[]);
  const changes = JSON.parse(answer.json) as PeerListChanges;
  const next = new Map(old);
  for (const id of changes.removed) next.delete(id);
  for (const entry of changes.upserts) next.set(entry.id, entry);
  return next;
}

const byId = (entries: readonly PeerEntry[]) => new Map(entries.map((e) => [e.id, { ...e }]));

const IDS = 30;

/** One thing that can happen to the registry. */
const operation = fc.oneof(
  fc.record({ op: fc.constant('register' as const), n: fc.integer({ min: 1, max: IDS }), port: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('heartbeat' as const), n: fc.integer({ min: 1, max: IDS }) }),
  fc.record({ op: fc.constant('gone' as const), n: fc.integer({ min: 1, max: IDS }) }),
  fc.record({ op: fc.constant('leave' as const), n: fc.integer({ min: 1, max: IDS }) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 100, max: 2_500 }), beating: fc.integer({ min: 0, max: IDS }) }),
  fc.record({ op: fc.constant('snapshot' as const) }),
);

test('applying the changes since any version a node held always gives the full list (register, status, leave, forget)', () => {
  let changesSeen = 0;
  fc.assert(
    fc.property(fc.array(operation, { maxLength: 80 }), fc.integer({ min: 4, max: 64 }), (operations, limit) => {
      let clock = 1_000_000;
      // A small log, so some snapshots fall behind it and must get the full list.
      const registry = new Registry({ ...timings, peerListLogLimit: limit }, () => clock);
      const register = (n: number, port = 1) => registry.register({ url: `http://127.0.0.1:${7000 + n * 10 + port}`, id: `node${n}`, controlToken: TOKEN });
      for (let n = 1; n <= IDS; n++) register(n);
      const snapshots: Array<{ version: number; peers: Map<string, PeerEntry> }> = [{ version: 0, peers: new Map() }];
      for (const step of operations) {
        const id = 'n' in step ? `node${step.n}` : '';
        if (step.op === 'register') register(step.n, step.port);
        else if (step.op === 'heartbeat') registry.heartbeat(id, TOKEN);
        else if (step.op === 'gone') registry.markGone(id);
        else if (step.op === 'leave') registry.deregister(id, TOKEN);
        else if (step.op === 'advance') {
          // Nodes 1 … beating keep heartbeating; the rest go silent (suspect, dead, forgotten).
          for (let n = 1; n <= step.beating; n++) registry.heartbeat(`node${n}`, TOKEN);
          clock += step.ms;
          registry.sweep();
        } else snapshots.push({ version: registry.peerList.version, peers: byId(registry.peersOf()) });
      }
      const full = byId(registry.peersOf());
      for (const { version, peers } of snapshots) {
        if (registry.peerList.since(registry.peerList.epoch, version).kind === 'changes') changesSeen++;
        assert.deepEqual(applyAnswer(registry.peerList, registry.peerList.epoch, version, peers), full, `from version ${version}`);
      }
      assert.deepEqual(applyAnswer(registry.peerList, 'another-run', registry.peerList.version, new Map()), full, 'another epoch gets the full list');
    }),
    { numRuns: 300 },
  );
  assert.ok(changesSeen > 100, `the changes path was exercised (${changesSeen} times)`);
});

test('the version moves only when the list changes, and answers are shared per version', () => {
  const log = new PeerListLog();
  const a: PeerEntry = { id: 'node1', url: 'http://127.0.0.1:1', kind: 'peerscope', status: 'alive' };
  log.upsert(a);
  log.upsert({ ...a });
  assert.equal(log.version, 1, 'the same entry again is no change');
  log.upsert({ ...a, status: 'suspect' });
  assert.equal(log.version, 1, 'a suspect is still in the network: no news for the peers');
  assert.equal(log.sorted()[0]!.status, 'alive');
  log.upsert({ ...a, url: 'http://127.0.0.1:11' });
  log.upsert({ ...a, id: 'node2', url: 'http://127.0.0.1:2' });
  log.upsert({ ...a, id: 'node3', url: 'http://127.0.0.1:3' });
  assert.equal(log.version, 4);
  assert.deepEqual(log.since(log.epoch, 4), { kind: 'current' });
  const answer = log.since(log.epoch, 3);
  assert.equal(answer.kind, 'changes');
  assert.equal(log.since(log.epoch, 3), answer, 'built once for everyone holding version 3');
  assert.equal(log.since(log.epoch, 99).kind, 'full', 'a version from the future is from another run');
  assert.deepEqual(
    log.sorted().map((e) => e.id),
    ['node1', 'node2', 'node3'],
  );
});

test('a node too far behind the bounded log gets the full list', () => {
  const log = new PeerListLog(4);
  // Three nodes moving again and again: many changes, a short list.
  for (let round = 1; round <= 10; round++) {
    for (let i = 1; i <= 3; i++) log.upsert({ id: `node${i}`, url: `http://127.0.0.1:${round * 10 + i}`, kind: 'peerscope', status: 'alive' });
  }
  assert.equal(log.since(log.epoch, 1).kind, 'full');
  const recent = log.since(log.epoch, 29);
  assert.equal(recent.kind, 'changes');
  assert.deepEqual(recent.kind === 'changes' && recent.changes.upserts.map((e) => e.id), ['node3']);
});

test('the log keeps twice as many changes as the list has entries: a node that missed a whole join gets changes', () => {
  const log = new PeerListLog(4);
  for (let i = 1; i <= 20; i++) log.upsert({ id: `node${i}`, url: `http://127.0.0.1:${i}`, kind: 'peerscope', status: 'alive' });
  const behind = log.since(log.epoch, 2);
  assert.equal(behind.kind, 'changes');
  assert.equal(behind.kind === 'changes' && behind.changes.upserts.length, 18);
});

test('versions are published at most once per spell (the first change after a quiet one at once); an answer may carry changes newer than the version it names', () => {
  let clock = 1_000;
  const log = new PeerListLog(4_096, 50, () => clock);
  const entry = (i: number): PeerEntry => ({ id: `node${i}`, url: `http://127.0.0.1:${i}`, kind: 'peerscope', status: 'alive' });
  log.upsert(entry(1));
  assert.equal(log.version, 1, 'after a quiet spell, at once');
  log.upsert(entry(2));
  log.upsert(entry(3));
  clock += 20;
  assert.equal(log.version, 1, 'within the spell: not yet');
  assert.deepEqual(log.since(log.epoch, 1), { kind: 'current' }, 'a node at the published version is told nothing yet');
  const whole = log.since('another-run', 0);
  assert.equal(whole.kind, 'full');
  assert.deepEqual(
    whole.kind === 'full' && (JSON.parse(whole.json) as PeerEntry[]).map((e) => e.id),
    ['node1', 'node2', 'node3'],
    'newer than version 1: harmless',
  );
  clock += 30;
  assert.equal(log.version, 3, 'the spell is over: both changes in one version');
  const answer = log.since(log.epoch, 1);
  assert.deepEqual(answer.kind === 'changes' && answer.changes.upserts.map((e) => e.id), ['node2', 'node3']);
});
