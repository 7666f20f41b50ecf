import { BroadcastRequestSchema } from '@peerscope/protocol';
import { forwardBody } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return forwardBody(request, BroadcastRequestSchema, 'POST', '/broadcast');
}
