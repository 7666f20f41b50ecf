import { PartitionRequestSchema } from '@peerscope/protocol';
import { forwardBody, forwardBodyless } from '../../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export function POST(request: Request) {
  return forwardBody(request, PartitionRequestSchema, 'POST', '/faults/partition');
}

/** Heal. */
export function DELETE() {
  return forwardBodyless('DELETE', '/faults/partition');
}
