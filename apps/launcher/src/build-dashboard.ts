// `npm run build:changed`: the dashboard's pages built only when something they are built from
// changed since their last build, as `npm start` does, so each test script can ask for a build without paying for `next build` again.
// `--always` (`npm run build`) builds them whatever their age, and dates them as this does.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDashboardBuilt } from './dashboard-build.js';

const serverEntry = fileURLToPath(import.meta.resolve('@peerscope/dashboard/server'));
ensureDashboardBuilt(join(dirname(serverEntry), '..', '..'), (line) => console.log(line), process.argv.includes('--always'));
