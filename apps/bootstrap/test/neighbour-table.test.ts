import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neighbourTableAdvice } from '../src/runtimes/neighbour-table.js';

const table = (bound: string) => () => bound;

test("the kernel's default table (1,024) is too small for 100 node containers, and the advice says how many fit", () => {
  const advice = neighbourTableAdvice(100, table('1024\n'));
  assert.match(advice ?? '', /holds 1024 entries: more than about 32 node containers/);
  assert.match(advice ?? '', /docker\/tune-host\.sh/);
});

test('a table raised by docker/tune-host.sh holds the course’s 100 containers: no advice', () => {
  assert.equal(neighbourTableAdvice(100, table('32768')), undefined);
});

test('no advice where the table cannot be read (inside a container only the host sees it)', () => {
  const unreadable = () => {
    throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  };
  assert.equal(neighbourTableAdvice(100, unreadable), undefined);
});
