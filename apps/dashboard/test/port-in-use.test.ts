import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/server/main.js', import.meta.url));

test("a dashboard port in use is refused naming the setting that moves it, npm start's flag included", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as AddressInfo).port;
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-port-in-use-'));
  try {
    const run = spawnSync(process.execPath, [main, '--port', String(port)], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        PEERSCOPE_DATA_DIR: dir,
        PEERSCOPE_TRACE: 'off',
        PEERSCOPE_ADMIN_TOKEN: 'a'.repeat(16),
        PEERSCOPE_CLUSTER_TOKEN: 'c'.repeat(16),
        PEERSCOPE_BOOTSTRAP_URL: 'http://127.0.0.1:9',
      },
    });
    assert.equal(run.status, 2, run.stderr);
    // Under npm start the flag is --dashboard-port (its --port is the bootstrap's).
    assert.match(run.stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use; .*--dashboard-port`));
    assert.match(run.stderr, /PEERSCOPE_DASHBOARD_PORT/);
  } finally {
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
