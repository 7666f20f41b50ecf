import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '@peerscope/server-kit';
import { claimDataDir, lockPath } from '../src/data-dir-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'peerscope-lock-'));

test('a second launcher on a data folder in use is refused, naming the first; once released the folder is free', () => {
  const dir = folder();
  const release = claimDataDir(dir, 1001, () => true);
  assert.equal(readFileSync(lockPath(dir), 'utf8').trim(), '1001');
  assert.throws(
    () => claimDataDir(dir, 1002, () => true),
    (err: Error) => err instanceof ConfigError && /pid 1001/.test(err.message) && /PEERSCOPE_DATA_DIR/.test(err.message),
  );
  release();
  assert.equal(existsSync(lockPath(dir)), false);
  claimDataDir(dir, 1002, () => true)();
});

test('the claim of a launcher that no longer runs (kill -9) is taken over', () => {
  const dir = folder();
  writeFileSync(lockPath(dir), '1001\n');
  const release = claimDataDir(dir, 1002, (pid) => pid !== 1001);
  assert.equal(readFileSync(lockPath(dir), 'utf8').trim(), '1002');
  release();
});

test('a release leaves a claim that is not its own', () => {
  const dir = folder();
  const release = claimDataDir(dir, 1001, () => false);
  writeFileSync(lockPath(dir), '1003\n');
  release();
  assert.equal(readFileSync(lockPath(dir), 'utf8').trim(), '1003');
});

test('a data folder that does not exist yet is made', () => {
  const dir = join(folder(), 'fresh', 'data');
  claimDataDir(dir, 1001, () => true)();
  assert.equal(existsSync(dir), true);
});
