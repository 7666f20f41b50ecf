import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

test("every setting of the README's configuration table is in .env.example, as the README says", () => {
  const table = read('README.md')
    .split('\n')
    .filter((line) => line.startsWith('| `PEERSCOPE_'))
    .map((line) => /`(PEERSCOPE_[A-Z_]+)`/.exec(line)![1]!);
  assert.ok(table.length > 30, 'the configuration table was found');
  const example = read('.env.example');
  const missing = table.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example));
  assert.deepEqual(missing, []);
});
