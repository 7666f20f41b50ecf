import { TrafficRequestSchema } from '@peerscope/protocol';
import { forward, forwardBody, forwardBodyless, respond } from '../../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

// The bootstrap's traffic generator (in the background), next to the dashboard's own
// synchronous `POST /api/traffic {count}` button.

export async function GET() {
  return respond(await forward('GET', '/traffic'));
}

export function POST(request: Request) {
  return forwardBody(request, TrafficRequestSchema, 'POST', '/traffic');
}

/** Stop. */
export function DELETE() {
  return forwardBodyless('DELETE', '/traffic');
}
