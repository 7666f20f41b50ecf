import { headers } from 'next/headers';
import { Dashboard } from '../components/Dashboard';
import { accessFrom } from '../lib/common/access';
import { replayEnabled } from '../lib/server/replay-setting';
import { testHookEnabled } from '../lib/server/test-hook-setting';

// Rendered per request: the page needs its request's script nonce, the browser's access, and
// whether this server was started with the test hook, and whether it replays a trace.
export default async function Page() {
  return <Dashboard access={accessFrom(await headers())} testHook={testHookEnabled()} replay={replayEnabled()} />;
}
