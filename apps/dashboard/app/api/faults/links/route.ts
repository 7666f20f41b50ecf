import { LinkFaultRuleSchema } from '@peerscope/protocol';
import { forwardBody } from '../../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

/** One link fault rule; all zero removes it. */
export function PUT(request: Request) {
  return forwardBody(request, LinkFaultRuleSchema, 'PUT', '/faults/links');
}
