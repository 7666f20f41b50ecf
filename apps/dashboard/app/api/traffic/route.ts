import { RandomTrafficRequestSchema } from '@peerscope/protocol';
import { adminSettingsFromEnv } from '../../../lib/server/bootstrap-admin';
import { readBody, respond } from '../../../lib/server/route-helpers';
import { runRandomTraffic } from '../../../lib/server/random-traffic';

export const dynamic = 'force-dynamic';

/** The course's traffic script as a button: N messages between random pairs of live nodes. */
export async function POST(request: Request) {
  const body = await readBody(request, RandomTrafficRequestSchema);
  if ('error' in body) return respond(body.error);
  return respond(await runRandomTraffic(adminSettingsFromEnv(), body.data.count));
}
