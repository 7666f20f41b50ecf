import { SendMessageRequestSchema } from '@peerscope/protocol';
import { forward, readBody, respond } from '../../../lib/server/route-helpers';

export const dynamic = 'force-dynamic';

export async function POST(request: Request) {
  const body = await readBody(request, SendMessageRequestSchema);
  if ('error' in body) return respond(body.error);
  return respond(await forward('POST', '/messages', body.data));
}
