import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Inbox } from '../src/inbox.js';

const message = (n: number) => ({ id: `m${n}`, sender: 'a', msg: `text ${n}`, receivedAt: n });

test('the inbox keeps the newest messages, oldest first', () => {
  const inbox = new Inbox(3);
  for (let n = 1; n <= 2; n++) inbox.add(message(n));
  assert.deepEqual(
    inbox.list().map((m) => m.id),
    ['m1', 'm2'],
  );
  for (let n = 3; n <= 7; n++) inbox.add(message(n));
  assert.deepEqual(
    inbox.list().map((m) => m.id),
    ['m5', 'm6', 'm7'],
  );
});
