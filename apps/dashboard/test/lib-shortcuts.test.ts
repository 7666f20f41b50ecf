import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whyNotIn } from '../lib/browser/node-availability.js';
import { SHORTCUTS, type ShortcutContext } from '../lib/browser/shortcuts.js';

/** A page with node1 alive and node2 dead, node2 selected; what the shortcuts say lands in `said`. */
function page(focus: string) {
  const said: string[] = [];
  const view = {
    nodes: new Map([
      ['node1', { status: 'alive', kind: 'peerscope' }],
      ['node2', { status: 'dead', kind: 'peerscope' }],
    ] as const),
    faults: { paused: [] as string[] },
  };
  const context = {
    focus,
    selection: { from: 'node2', to: 'node1' },
    group: [],
    paused: () => false,
    whyNot: whyNotIn(view as never),
    canAct: true,
    notify: (_kind: string, text: string) => said.push(text),
  } as unknown as ShortcutContext;
  const press = (key: string) => SHORTCUTS.find((s) => s.match.includes(key))!.run(context);
  return { press, said };
}

test('a shortcut says why it cannot act on the selected node instead of asking the bootstrap', async () => {
  const { press, said } = page('node2');
  for (const key of ['c', 'b', 'g', 'p', 's']) await press(key);
  assert.deepEqual(said, [
    'Crash: node2 is dead: restart or remove it',
    'Broadcast: node2 is dead: restart or remove it',
    'Gossip: node2 is dead: restart or remove it',
    'Pause: node2 is dead: restart or remove it',
    'Send: node2 is dead: restart or remove it',
  ]);
});
