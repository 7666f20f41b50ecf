import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suggest } from '../lib/browser/commands.js';
import { canUseIn } from '../lib/browser/node-availability.js';

const ids = ['node1', 'node2', 'node3', 'node10'];
const labels = (input: string) => suggest(input, ids).map((s) => `${s.ready ? '✓' : '·'} ${s.label}`);
const first = (input: string) => suggest(input, ids)[0]!;

test('a whole command with its target is ready, with its arguments', () => {
  assert.deepEqual(first('crash node3').args, { node: 'node3' });
  assert.equal(first('crash node3').ready, true);
  assert.deepEqual(first('gossip from node3').args, { node: 'node3' });
  assert.deepEqual(first('random traffic 50').args, { count: 50 });
  assert.deepEqual(first('send node1 node2 hello there').args, { from: 'node1', to: 'node2', text: 'hello there' });
  assert.deepEqual(first('overlay partial 4').args, { kind: 'partial', k: 4 });
});

test('node ids are completed from the network', () => {
  assert.deepEqual(labels('crash node1'), ['✓ crash node1', '✓ crash node10']);
  assert.deepEqual(labels('gossip from '), ['✓ gossip from node1', '✓ gossip from node2', '✓ gossip from node3', '✓ gossip from node10']);
  assert.deepEqual(labels('send node1 node'), [
    '✓ send node1 node1 [text]',
    '✓ send node1 node2 [text]',
    '✓ send node1 node3 [text]',
    '✓ send node1 node10 [text]',
  ]);
});

test('partition takes any number of nodes and offers the ones not picked yet', () => {
  const got = suggest('partition node1 node2 ', ids);
  assert.deepEqual(got[0]!.args, { nodes: ['node1', 'node2'] });
  assert.deepEqual(
    got.map((s) => s.label),
    ['partition node1 node2', 'partition node1 node2 node3', 'partition node1 node2 node10'],
  );
  assert.deepEqual(first('partition node1 node2').args, { nodes: ['node1', 'node2'] });
});

test('a half-typed name is offered but does not run until its words are typed', () => {
  // "crash" alone must not crash the bootstrap.
  const crash = suggest('crash', ids);
  assert.equal(crash.find((s) => s.spec.id === 'crash-bootstrap')?.ready, false);
  assert.equal(crash.find((s) => s.spec.id === 'crash')?.ready, false);
  assert.equal(first('random traf').ready, true);
  assert.equal(suggest('ra', ids)[0]!.ready, false);
  assert.equal(suggest('ra', ids)[0]!.completion, 'random traffic ');
});

test('unknown ids and stray words match nothing', () => {
  assert.deepEqual(suggest('crash node99 ', ids), []);
  assert.deepEqual(suggest('heal now', ids), []);
  assert.deepEqual(suggest('random traffic lots', ids), []);
  assert.deepEqual(suggest('partition node1 node1 ', ids), []);
});

test('an empty box lists every command, none ready', () => {
  const all = suggest('', ids);
  assert.ok(all.length >= 20);
  assert.ok(all.every((s) => !s.ready));
});

test('only nodes a command can be used on now are offered: a dead node can be restarted or removed, a paused one resumed', () => {
  const view = {
    nodes: new Map([
      ['node1', { status: 'alive', kind: 'peerscope' }],
      ['node2', { status: 'dead', kind: 'peerscope' }],
      ['node3', { status: 'alive', kind: 'peerscope' }],
      ['node10', { status: 'suspect', kind: 'peerscope' }],
    ] as const),
    faults: { paused: ['node3'] },
  };
  const nodes = { ids, can: canUseIn(view as never) };
  const offered = (input: string) => suggest(input, nodes).map((s) => s.label);
  assert.deepEqual(offered('crash '), ['crash node1', 'crash node3', 'crash node10', 'crash bootstrap']);
  assert.deepEqual(offered('restart '), ['restart node1', 'restart node2', 'restart node3', 'restart node10']);
  assert.deepEqual(offered('remove node2'), ['remove node2']);
  assert.deepEqual(offered('pause '), ['pause node1', 'pause node10']);
  assert.deepEqual(offered('resume '), ['resume node3']);
  assert.deepEqual(offered('send node'), ['send node1 <to> [text]', 'send node3 <to> [text]', 'send node10 <to> [text]'], 'a dead node sends nothing');
  assert.equal(offered('send node1 ').length, 4, 'but a message to a dead node may be sent: it fails, as it should');
  assert.deepEqual(offered('select node'), ['select node1', 'select node2', 'select node3', 'select node10']);
  // A dead node typed out in full still runs: the bootstrap's answer says why it cannot.
  assert.equal(suggest('crash node2', nodes)[0]!.ready, true);
});
