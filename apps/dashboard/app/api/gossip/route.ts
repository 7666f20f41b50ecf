import { GossipRequestSchema } from '@peerscope/protocol';
import { forwardBody } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

/** Starts a gossip; it spreads in the background, and its hops arrive as message events. */
export function POST(request: Request) {
  return forwardBody(request, GossipRequestSchema, 'POST', '/gossip');
}
