import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the system under test runs. Shared by playwright.config.ts (which starts it) and the specs
 * (which talk to it). Dedicated ports keep it clear of a user's `npm start` on 5000/3000.
 */
export const BOOTSTRAP_PORT = Number(process.env.PEERSCOPE_E2E_BOOTSTRAP_PORT ?? 5510);
export const DASHBOARD_PORT = Number(process.env.PEERSCOPE_E2E_DASHBOARD_PORT ?? 3510);
export const BOOTSTRAP_URL = `http://127.0.0.1:${BOOTSTRAP_PORT}`;
export const DASHBOARD_URL = `http://127.0.0.1:${DASHBOARD_PORT}`;
export const INITIAL_NODES = 5;

/**
 * The runtime under test: `process` and `pool` (the launcher with `--runtime`; every spec), or
 * `docker` (docker compose and the Docker runtime; the @docker specs only).
 */
export const E2E_RUNTIME = (['docker', 'pool'] as const).find((name) => name === process.env.PEERSCOPE_E2E_RUNTIME) ?? 'process';

// The config is loaded by the runner first and then by each worker, which inherits the runner's
// environment: set once here, the tokens are the same everywhere and never touch the disk.
export const ADMIN_TOKEN = (process.env.PEERSCOPE_E2E_ADMIN_TOKEN ??= `e2e-admin-${randomBytes(16).toString('hex')}`);
export const CLUSTER_TOKEN = (process.env.PEERSCOPE_E2E_CLUSTER_TOKEN ??= `e2e-cluster-${randomBytes(16).toString('hex')}`);
export const DATA_DIR = process.env.PEERSCOPE_E2E_DATA_DIR ?? join(tmpdir(), 'peerscope-e2e');
