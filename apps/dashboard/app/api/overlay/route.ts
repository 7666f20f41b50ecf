import { OverlayRequestSchema } from '@peerscope/protocol';
import { forward, forwardBody, respond } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export async function GET() {
  return respond(await forward('GET', '/overlay'));
}

export function PUT(request: Request) {
  return forwardBody(request, OverlayRequestSchema, 'PUT', '/overlay');
}
