import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';
import { ADMIN_TOKEN, BOOTSTRAP_PORT, CLUSTER_TOKEN, DASHBOARD_PORT, DASHBOARD_URL, DATA_DIR, E2E_RUNTIME, INITIAL_NODES } from './e2e/support/system.js';

/** Debian's Chromium (Playwright's own download is not available everywhere), else Playwright's. */
function chromiumExecutable(): string | undefined {
  const given = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH=${given} does not exist`);
    return given;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  if (existsSync(chromium.executablePath())) return undefined;
  throw new Error(
    'No Chromium for the e2e suite: install one (`apt-get install -y chromium`) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH to a Chromium binary.',
  );
}

/**
 * Specs of the dashboard's own behaviour, whatever runs the nodes: its layout, accessibility,
 * perimeter and routes, and the replay server (a trace file, no nodes at all). The network's
 * behaviour on the pool runtime is every other spec (the command palette's too: it pauses,
 * resumes and crashes nodes); these would only run again.
 */
const DASHBOARD_ONLY_SPECS = ['accessibility', 'laptop-layout', 'perimeter', 'lab-routes', 'replay'].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: 'e2e',
  // One system under test, shared by every spec: run them one at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    ...devices['Desktop Chrome'],
    baseURL: DASHBOARD_URL,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  projects: [{ name: 'chromium' }],
  // On Docker, the specs tagged @docker: add, remove, crash, send.
  ...(E2E_RUNTIME === 'docker' && { grep: /@docker/ }),
  // On the pool, every spec of the network's behaviour; those of the dashboard alone run once.
  ...(E2E_RUNTIME === 'pool' && { testIgnore: DASHBOARD_ONLY_SPECS }),
  // Playwright starts what it tests: bootstrap, nodes and dashboard, with their own ports and data folder.
  webServer: {
    command:
      E2E_RUNTIME === 'docker'
        ? 'node --import tsx e2e/support/compose-system.ts'
        : `node apps/launcher/dist/main.js --port ${BOOTSTRAP_PORT} --dashboard-port ${DASHBOARD_PORT} --nodes ${INITIAL_NODES} --runtime ${E2E_RUNTIME}`,
    url: DASHBOARD_URL,
    env: {
      PEERSCOPE_BOOTSTRAP_PORT: String(BOOTSTRAP_PORT),
      PEERSCOPE_DASHBOARD_PORT: String(DASHBOARD_PORT),
      PEERSCOPE_NODES: String(INITIAL_NODES),
      PEERSCOPE_DATA_DIR: DATA_DIR,
      PEERSCOPE_ADMIN_TOKEN: ADMIN_TOKEN,
      PEERSCOPE_CLUSTER_TOKEN: CLUSTER_TOKEN,
      // The specs read the graph through window.__peerscope, which the dashboard's server only puts on its page when asked.
      PEERSCOPE_TEST_HOOK: '1',
    },
    timeout: E2E_RUNTIME === 'docker' ? 600_000 : 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGINT', timeout: 60_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
