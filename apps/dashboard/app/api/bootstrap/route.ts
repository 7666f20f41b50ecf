import { forward, respond } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

/** Whether the bootstrap answers now: `{status: "up", startedAt, supervised}`, or the error of a call that failed. */
export async function GET() {
  return respond(await forward('GET', '/bootstrap'));
}
