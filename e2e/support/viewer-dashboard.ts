import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN, BOOTSTRAP_URL, CLUSTER_TOKEN } from './system.js';

export interface ViewerDashboard {
  child: ChildProcess;
  /** Its page, on 127.0.0.1. */
  url: string;
  /** The sign-in link it announces (a token that turns into a cookie). */
  signInUrl: string;
}

/**
 * A second dashboard on the system under test, with sign-in required (as when it listens beyond
 * loopback), so a browser without a sign-in is a viewer. Stop it with `child.kill('SIGTERM')`.
 */
export async function startViewerDashboard(password: string): Promise<ViewerDashboard> {
  const entry = fileURLToPath(import.meta.resolve('@peerscope/dashboard/server'));
  const child = fork(entry, ['--port', '0'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PEERSCOPE_BOOTSTRAP_URL: BOOTSTRAP_URL,
      PEERSCOPE_ADMIN_TOKEN: ADMIN_TOKEN,
      PEERSCOPE_CLUSTER_TOKEN: CLUSTER_TOKEN,
      PEERSCOPE_DASHBOARD_AUTH: 'required',
      PEERSCOPE_DASHBOARD_PASSWORD: password,
      PEERSCOPE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; signInUrl: string }>((resolve, reject) => {
    child.on('message', (message: { type?: string; url: string; signInUrl: string }) => message.type === 'ready' && resolve(message));
    child.on('exit', (exitCode) => reject(new Error(`the dashboard exited (${exitCode})`)));
  });
  return { child, url: ready.url.replace('localhost', '127.0.0.1'), signInUrl: ready.signInUrl };
}
