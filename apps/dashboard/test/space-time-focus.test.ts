import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFocused, MessageFocus } from '../lib/browser/message-focus';

test('one highlighted message shared by the views: a hover is released by its own view only, a pin outlasts hovers', () => {
  const focus = new MessageFocus();
  // Read through a function: an assertion on `focus.current` would narrow it for the lines after.
  const current = () => focus.current;
  let changes = 0;
  focus.subscribe(() => (changes += 1));
  focus.set({ id: 'm1', from: 'n1', to: 'n2', by: 'diagram' });
  focus.set({ id: 'm1', from: 'n1', to: 'n2', by: 'diagram' });
  assert.equal(changes, 1, 'the same focus again changes nothing');
  focus.release('log');
  assert.equal(current()?.id, 'm1', 'the log cannot release what the diagram points at');
  focus.release('diagram');
  assert.equal(current(), undefined);

  focus.set({ id: 'm2', from: 'n1', to: 'n2', by: 'diagram', pinned: true });
  focus.set({ id: 'm3', from: 'n2', to: 'n1', by: 'log' });
  focus.release('diagram');
  assert.equal(current()?.id, 'm2', 'a pin stays through hovers and releases');
  focus.unpin();
  assert.equal(current(), undefined);
});

test('a focus names a message, or (from a link of the graph) every message of that link', () => {
  const message = { id: 'm1', from: 'n1', to: 'n2' };
  assert.ok(isFocused({ id: 'm1', from: 'n1', to: 'n2', by: 'log' }, message));
  assert.ok(!isFocused({ id: 'm9', from: 'n1', to: 'n2', by: 'log' }, message));
  assert.ok(isFocused({ from: 'n1', to: 'n2', by: 'graph' }, message));
  assert.ok(!isFocused({ from: 'n2', to: 'n1', by: 'graph' }, message));
  assert.ok(!isFocused(undefined, message));
});
