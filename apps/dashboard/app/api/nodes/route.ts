import { StartNodesRequestSchema } from '@peerscope/protocol';
import { forward, readBody, respond } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export async function GET() {
  return respond(await forward('GET', '/nodes'));
}

export async function POST(request: Request) {
  const body = await readBody(request, StartNodesRequestSchema);
  if ('error' in body) return respond(body.error);
  return respond(await forward('POST', '/nodes', body.data));
}
