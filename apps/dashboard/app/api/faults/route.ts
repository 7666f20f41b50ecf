import { forward, forwardBodyless, respond } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export async function GET() {
  return respond(await forward('GET', '/faults'));
}

/** Reset: heal the partition, clear every link fault, resume paused nodes. */
export function DELETE() {
  return forwardBodyless('DELETE', '/faults');
}
