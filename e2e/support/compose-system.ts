import { fileURLToPath } from 'node:url';
import { compose } from '../../test/support/docker.js';

/**
 * The system under test on Docker, for Playwright's webServer: `docker compose up` at start,
 * `down` on SIGINT/SIGTERM. Ports and tokens come from the environment the config sets.
 */
const file = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
const project = ['-f', file, '-p', 'peerscope-e2e'];

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await compose([...project, 'down', '--timeout', '30'], {}).catch((err: Error) => console.error(err.message));
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

await compose([...project, 'up', '-d', '--build'], {});
console.log('peerscope is up on Docker');
// Stay alive until Playwright stops us.
setInterval(() => undefined, 1 << 30);
